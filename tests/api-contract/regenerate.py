#!/usr/bin/env python3
"""Regenerates mattermost-api.json, the table the client's requests and the bundled server's routes
are checked against, from Mattermost's own definitions at one commit of mattermost/mattermost:

- api/v4/source/*.yaml (the OpenAPI source of https://developers.mattermost.com/api-documentation):
  every method + path, its query parameters and its request body's top-level fields;
- server/channels/wsapi/*.go (the WebSocket actions the server routes) and
  server/public/model/websocket_message.go (the authentication challenge, answered before routing).

Not run in CI (CI uses the committed table). Needs Python 3.11 with PyYAML:
    python3 -m venv tests/api-contract/.venv && tests/api-contract/.venv/bin/pip install pyyaml==6.0.3
    tests/api-contract/.venv/bin/python tests/api-contract/regenerate.py <mattermost git dir> <commit>
The git dir may be a clone or a bare mirror; files are read with `git show <commit>:<path>`.
"""

import json
import re
import subprocess
import sys
from pathlib import Path

import yaml

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
TABLE = Path(__file__).with_name("mattermost-api.json")


def git(git_dir: str, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", git_dir, *args], check=True, capture_output=True, text=True
    ).stdout


def show(git_dir: str, commit: str, path: str) -> str:
    return git(git_dir, "show", f"{commit}:{path}")


def files_under(git_dir: str, commit: str, folder: str, suffix: str) -> list[str]:
    names = git(git_dir, "ls-tree", "--name-only", f"{commit}:{folder}").split()
    return sorted(f"{folder}/{name}" for name in names if name.endswith(suffix))


class Schemas:
    """Resolves `$ref: "#/components/..."` against definitions.yaml."""

    def __init__(self, components: dict):
        self.components = components

    def resolve(self, node):
        while isinstance(node, dict) and "$ref" in node:
            *_, kind, name = node["$ref"].split("/")
            node = self.components[kind][name]
        return node

    def object_fields(self, schema) -> tuple[list[str] | None, list[str]]:
        """Top-level property names and required ones; None when the schema lists no properties
        (a free-form object, so no field can be called unknown)."""
        schema = self.resolve(schema)
        parts = [self.resolve(part) for part in schema.get("allOf", [])] or [schema]
        fields: set[str] = set()
        required: set[str] = set()
        listed = False
        for part in parts:
            if "properties" in part:
                listed = True
                fields.update(part["properties"])
            required.update(part.get("required", []))
        return (sorted(fields) if listed else None), sorted(required)


def request_body(operation: dict, schemas: Schemas) -> dict | None:
    body = schemas.resolve(operation.get("requestBody"))
    if not body:
        return None
    content = body.get("content", {})
    media, entry = next(iter(content.items()))
    schema = schemas.resolve(entry.get("schema", {}))
    if schema.get("type") == "array":
        return {"media": media, "kind": "array", "required": bool(body.get("required"))}
    fields, required = schemas.object_fields(schema)
    if fields is None and schema.get("type") not in (None, "object"):
        # A scalar or binary body (such as a raw file upload) has no fields to check.
        return {"media": media, "kind": schema["type"], "required": bool(body.get("required"))}
    return {
        "media": media,
        "kind": "object",
        "fields": fields,
        "required_fields": required,
        "required": bool(body.get("required")),
    }


def operations(git_dir: str, commit: str, schemas: Schemas) -> list[dict]:
    found = []
    for path in files_under(git_dir, commit, "api/v4/source", ".yaml"):
        if path.endswith(("introduction.yaml", "definitions.yaml")):
            continue
        # Each file is a fragment of the `paths:` map that Mattermost's build concatenates.
        fragment = yaml.safe_load("paths:\n" + show(git_dir, commit, path))
        for template, item in (fragment.get("paths") or {}).items():
            shared = item.get("parameters", [])
            for method in HTTP_METHODS:
                if method not in item:
                    continue
                operation = item[method]
                parameters = [schemas.resolve(p) for p in shared + operation.get("parameters", [])]
                found.append(
                    {
                        "method": method.upper(),
                        "path": template,
                        "query": sorted({p["name"] for p in parameters if p.get("in") == "query"}),
                        "body": request_body(operation, schemas),
                        "source": path.rsplit("/", 1)[1],
                    }
                )
    return found


# What Mattermost takes but its OpenAPI source leaves out, each proven by a line of Mattermost's own
# code at the same commit (the script stops if that line is gone): its server reading the value, or
# its own web app (client4.ts) sending it.
BEYOND_OPENAPI = [
    # (method, path, "query" or "body", name, file, text in that file)
    ("GET", "/api/v4/config/client", "query", "format",
     "webapp/platform/client/src/client4.ts", "/config/client?format=old"),
    ("POST", "/api/v4/teams/members/invite", "query", "invite_id",
     "server/channels/api4/team.go", 'r.URL.Query().Get("invite_id")'),
    ("POST", "/api/v4/posts", "body", "pending_post_id",
     "server/public/model/post.go", 'json:"pending_post_id"'),
    ("POST", "/api/v4/channels/members/{user_id}/view", "body", "collapsed_threads_supported",
     "server/public/model/channel_view.go", 'json:"collapsed_threads_supported"'),
    ("POST", "/api/v4/users/{user_id}/posts/{post_id}/set_unread", "body", "collapsed_threads_supported",
     "server/channels/api4/post.go", 'props["collapsed_threads_supported"]'),
    ("GET", "/api/v4/users/{user_id}/teams/{team_id}/threads", "query", "unread",
     "server/channels/api4/user.go", 'unreadStr := r.URL.Query().Get("unread")'),
]


# Body fields Mattermost's OpenAPI source names wrongly: (method, path, documented name, the name
# Mattermost's server reads, file, text in that file). The field keeps whether it is required.
MISNAMED_IN_OPENAPI = [
    ("POST", "/api/v4/users/password/reset", "code", "token",
     "server/channels/api4/user.go", 'token := props["token"]'),
]


def rename_misnamed(git_dir: str, commit: str, ops: list[dict]) -> None:
    by_route = {(op["method"], op["path"]): op for op in ops}
    for method, path, documented, read, source, evidence in MISNAMED_IN_OPENAPI:
        if evidence not in show(git_dir, commit, source):
            sys.exit(f"{source} no longer has {evidence!r}: check which field {method} {path} reads")
        body = by_route[(method, path)]["body"]
        for names in (body["fields"], body["required_fields"]):
            if documented in names:
                names[names.index(documented)] = read
                names.sort()
        by_route[(method, path)].setdefault("beyond_openapi", []).append(
            f"body {read} (documented as {documented}): {source} has {evidence}")


# Routes Mattermost serves that its OpenAPI source leaves out, each proven by its route line in
# Mattermost's server at the same commit (the script stops if that line is gone).
ROUTES_BEYOND_OPENAPI = [
    # (method, path, request body or None, file, text in that file)
    ("POST", "/api/v4/channels/stats/member_count",
     {"media": "application/json", "kind": "array", "required": True},
     "server/channels/api4/channel.go",
     'Handle("/stats/member_count", api.APISessionRequired(getChannelsMemberCount)).Methods(http.MethodPost)'),
]


def routes_beyond_openapi(git_dir: str, commit: str) -> list[dict]:
    found = []
    for method, path, body, source, evidence in ROUTES_BEYOND_OPENAPI:
        if evidence not in show(git_dir, commit, source):
            sys.exit(f"{source} no longer has {evidence!r}: check whether Mattermost still serves {method} {path}")
        found.append({"method": method, "path": path, "query": [], "body": body, "source": source,
                      "beyond_openapi": [f"route: {source} has {evidence}"]})
    return found


def add_beyond_openapi(git_dir: str, commit: str, ops: list[dict]) -> None:
    by_route = {(op["method"], op["path"]): op for op in ops}
    for method, path, where, name, source, evidence in BEYOND_OPENAPI:
        if evidence not in show(git_dir, commit, source):
            sys.exit(f"{source} no longer has {evidence!r}: check whether Mattermost still takes {where} {name} of {method} {path}")
        op = by_route[(method, path)]
        if where == "body" and op["body"] is None:
            op["body"] = {"media": "application/json", "kind": "object", "fields": [], "required_fields": [], "required": False}
        names = op["query"] if where == "query" else op["body"]["fields"]
        names.append(name)
        names.sort()
        op.setdefault("beyond_openapi", []).append(f"{where} {name}: {source} has {evidence}")


def websocket_endpoint(git_dir: str, commit: str) -> dict:
    """GET /api/v4/websocket is described in prose, not as an OpenAPI path: take it (and the
    reconnect parameters) from Mattermost's own Go WebSocket client, and insist they are there."""
    source = "server/public/model/websocket_client.go"
    text = show(git_dir, commit, source)
    query = re.search(r'"/websocket" \+ fmt\.Sprintf\("\?(\w+)=%s&(\w+)=%d"', text)
    if not query:
        sys.exit(f"{source}: the /websocket URL is no longer built as expected; update {__file__}")
    return {"method": "GET", "path": "/api/v4/websocket", "query": sorted(query.groups()), "body": None, "source": source}


def websocket_actions(git_dir: str, commit: str) -> list[str]:
    actions = set()
    for path in files_under(git_dir, commit, "server/channels/wsapi", ".go"):
        actions.update(re.findall(r'Router\.Handle\("([a-z_]+)"', show(git_dir, commit, path)))
    challenge = re.search(
        r'WebsocketAuthenticationChallenge\s+WebsocketEventType = "(\w+)"',
        show(git_dir, commit, "server/public/model/websocket_message.go"),
    )
    if not actions or not challenge:
        sys.exit(f"the WebSocket actions were not found where {__file__} looks; update it")
    actions.add(challenge.group(1))
    return sorted(actions)


def version(git_dir: str, commit: str) -> str:
    newest = re.search(r'var versions = \[\]string\{\s*"([\d.]+)"', show(git_dir, commit, "server/public/model/version.go"))
    return newest.group(1) if newest else "unknown"


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    git_dir, commit = sys.argv[1], git(sys.argv[1], "rev-parse", sys.argv[2]).strip()
    schemas = Schemas(yaml.safe_load(show(git_dir, commit, "api/v4/source/definitions.yaml"))["components"])
    ops = operations(git_dir, commit, schemas) + [websocket_endpoint(git_dir, commit)]
    ops += routes_beyond_openapi(git_dir, commit)
    add_beyond_openapi(git_dir, commit, ops)
    rename_misnamed(git_dir, commit, ops)
    ops.sort(key=lambda op: (op["path"], op["method"]))
    table = {
        "source": {
            "repository": "mattermost/mattermost",
            "commit": commit,
            "commit_date": git(git_dir, "show", "-s", "--format=%cs", commit).strip(),
            "newest_version_listed": version(git_dir, commit),
            "generated_by": "tests/api-contract/regenerate.py",
        },
        "websocket_actions": websocket_actions(git_dir, commit),
        "operations": ops,
    }
    # One operation a line keeps the diff of a regeneration readable.
    lines = [json.dumps(op, sort_keys=True) for op in ops]
    head = json.dumps({k: v for k, v in table.items() if k != "operations"}, indent=2, sort_keys=True)
    TABLE.write_text(head[:-2] + ',\n  "operations": [\n    ' + ",\n    ".join(lines) + "\n  ]\n}\n")
    print(f"{TABLE}: {len(ops)} operations, {len(table['websocket_actions'])} WebSocket actions")


if __name__ == "__main__":
    main()
