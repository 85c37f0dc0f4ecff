"""Run by `cargo xtask serve --matrix` with Synapse's own Python, once the local homeserver
answers: registers the bridge's account and a person's (or logs them in, when an earlier run made
them) and makes the public demo room. Arguments: the homeserver's base URL, the room alias's local
part, then user, password and display name of the bridge, then of the person."""

import json
import sys
import urllib.error
import urllib.parse
import urllib.request

base, room = sys.argv[1], sys.argv[2]
bridge, person = sys.argv[3:6], sys.argv[6:9]


def call(method, path, body, token=None):
    request = urllib.request.Request(
        f"{base}/_matrix/client/v3{path}",
        method=method,
        data=json.dumps(body).encode(),
        headers={"content-type": "application/json"},
    )
    if token:
        request.add_header("authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return json.load(answer)
    except urllib.error.HTTPError as refused:
        return json.load(refused)


def signed_in(user, password, display_name):
    answer = call("POST", "/register", {
        "username": user, "password": password, "auth": {"type": "m.login.dummy"},
    })
    if "access_token" not in answer:
        answer = call("POST", "/login", {
            "type": "m.login.password",
            "identifier": {"type": "m.id.user", "user": user},
            "password": password,
        })
    if "access_token" not in answer:
        sys.exit(f"cannot register or log in {user}: {answer}")
    user_id = urllib.parse.quote(answer["user_id"], safe="")
    call("PUT", f"/profile/{user_id}/displayname", {"displayname": display_name},
         answer["access_token"])
    return answer["access_token"]


signed_in(*bridge)
token = signed_in(*person)
made = call("POST", "/createRoom", {
    "room_alias_name": room, "preset": "public_chat", "name": "brisk demo",
}, token)
if "room_id" not in made and made.get("errcode") != "M_ROOM_IN_USE":
    sys.exit(f"cannot make the room #{room}: {made}")
