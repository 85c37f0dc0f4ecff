//! The Matrix bridge against a real Synapse: messages cross both ways under their speakers' names
//! with markdown rendered, nothing echoes, what is said in the room while brisk is down arrives
//! once and in order after it restarts (and what was posted meanwhile reaches the room), a channel
//! bridged with IRC and Matrix relays three ways, reactions and files cross both ways, and a
//! refused password shows in the channel as refused.

mod common;

use std::path::Path;

use brisk_server::bridge::{self, BridgesConfig};
use brisk_server::Config;
use common::irc::{IrcClient, Ngircd};
use common::matrix::{unique, Person, Synapse, SERVER_NAME};
use common::{until, TestServer};
use serde_json::{json, Value};

/// The bridge's own Matrix account, and the environment variable its password is read from.
struct BridgeAccount {
    person: Person,
}

impl BridgeAccount {
    async fn register(synapse: &Synapse) -> Self {
        Self {
            person: synapse.person("brisk", "brisk").await,
        }
    }

    /// A `[[bridge]]` table linking eng/river with `alias`.
    fn table(&self, synapse: &Synapse, alias: &str) -> String {
        format!(
            "[[bridge]]\nchannel = \"eng/river\"\nmatrix = \"{}\"\nroom = \"{alias}\"\nuser = \"{}\"\npassword_env = \"MATRIX_PASSWORD\"\n",
            synapse.url(),
            self.person.user_id
        )
    }

    /// The same table, signing in with the account's access token instead.
    fn token_table(&self, synapse: &Synapse, alias: &str) -> String {
        format!(
            "[[bridge]]\nchannel = \"eng/river\"\nmatrix = \"{}\"\nroom = \"{alias}\"\naccess_token_env = \"MATRIX_TOKEN\"\n",
            synapse.url(),
        )
    }

    fn config(&self, text: &str) -> BridgesConfig {
        let person = self.person.clone();
        bridge::config::parse(text, "bridges.toml", move |name| match name {
            "MATRIX_PASSWORD" => Some(person.password.clone()),
            "MATRIX_TOKEN" => Some(person.token.clone()),
            _ => None,
        })
        .expect("valid bridges file")
    }
}

/// A brisk server with alice in eng/river, and ann in a Matrix room of her own.
struct Scene {
    server: TestServer,
    alice: String,
    channel_id: String,
    ann: Person,
    room_id: String,
    alias: String,
}

impl Scene {
    async fn new(server: TestServer) -> Self {
        Self::on(Synapse::shared(), server).await
    }

    /// A scene on the shared homeserver with eng/river bridged to ann's room, and the bridge's
    /// account.
    async fn bridged() -> (Self, BridgeAccount) {
        let synapse = Synapse::shared();
        let account = BridgeAccount::register(synapse).await;
        let scene = Self::new(common::start(false, None).await).await;
        scene
            .bridge(&account.config(&account.table(synapse, &scene.alias)))
            .await;
        (scene, account)
    }

    /// The scene with ann's room on `synapse`.
    async fn on(synapse: &Synapse, server: TestServer) -> Self {
        let ann = synapse.person("ann", "Ann Lee").await;
        let alias_name = unique("oxbow");
        let room_id = ann.create_room(&alias_name).await;
        let (_, admin, team_id) = server.admin_with_team().await;
        let (alice_id, alice) = server.user(Some(&admin), "alice").await;
        server.add_to_team(&admin, &team_id, &alice_id).await;
        let channel_id = server.channel(&alice, &team_id, "river", "O").await;
        Scene {
            server,
            alice,
            channel_id,
            ann,
            room_id,
            alias: format!("#{alias_name}:{SERVER_NAME}"),
        }
    }

    async fn bridge(&self, config: &BridgesConfig) {
        bridge::start(&self.server.state, config, &self.server.base).expect("bridges start");
        self.wait_for_state("matrix", "connected").await;
    }

    async fn wait_for_state(&self, network: &str, wanted: &str) {
        until(
            &format!("the {network} bridge showing {wanted}"),
            || async move {
                let channel = self
                    .server
                    .get(
                        &format!("/api/v4/channels/{}", self.channel_id),
                        &self.alice,
                    )
                    .await;
                let bridges = channel.body["props"]["bridges"].as_array().cloned()?;
                bridges
                    .iter()
                    .any(|b| b["network"] == network && b["state"] == wanted)
                    .then_some(())
            },
        )
        .await
    }

    async fn posts(&self) -> Vec<Value> {
        let page = self
            .server
            .get(
                &format!("/api/v4/channels/{}/posts", self.channel_id),
                &self.alice,
            )
            .await;
        let order = page.body["order"].as_array().cloned().unwrap_or_default();
        order
            .iter()
            .rev()
            .filter_map(|id| id.as_str().map(|id| page.body["posts"][id].clone()))
            .collect()
    }

    async fn wait_for_post(&self, message: &str) -> Value {
        until(&format!("a post {message:?}"), || async move {
            self.posts()
                .await
                .into_iter()
                .find(|p| p["message"] == message)
        })
        .await
    }

    async fn count_posts(&self, message: &str) -> usize {
        self.posts()
            .await
            .iter()
            .filter(|p| p["message"] == message)
            .count()
    }

    async fn post(&self, message: &str) -> Value {
        self.server
            .send_post(&self.alice, &self.channel_id, message)
            .await
    }

    /// The emoji names a post's reactions have, by whom: (emoji, user id), oldest first.
    async fn reactions(&self, post_id: &str) -> Vec<(String, String)> {
        let list = self
            .server
            .get(&format!("/api/v4/posts/{post_id}/reactions"), &self.alice)
            .await;
        list.body
            .as_array()
            .into_iter()
            .flatten()
            .map(|r| {
                let field = |name: &str| r[name].as_str().unwrap_or("").to_string();
                (field("emoji_name"), field("user_id"))
            })
            .collect()
    }

    async fn user_id(&self, username: &str) -> String {
        let user = self
            .server
            .get(&format!("/api/v4/users/username/{username}"), &self.alice)
            .await;
        user.body["id"].as_str().expect("user id").to_string()
    }
}

#[tokio::test]
async fn messages_cross_both_ways_without_echo() {
    let (scene, account) = Scene::bridged().await;

    scene.ann.say(&scene.room_id, "hello from matrix").await;
    let post = scene.wait_for_post("hello from matrix").await;
    assert_eq!(post["props"]["override_username"], "Ann Lee");
    assert_eq!(post["props"]["from_webhook"], "true");
    assert_eq!(post["props"]["bridge"], "matrix");
    scene
        .ann
        .send(
            &scene.room_id,
            json!({"msgtype": "m.emote", "body": "waves"}),
        )
        .await;
    scene.wait_for_post("*Ann Lee waves*").await;
    scene.post("hi **ann**, see [docs](https://x.org/d)").await;
    let seen = scene
        .ann
        .wait_for(
            &scene.room_id,
            "alice: hi **ann**, see [docs](https://x.org/d)",
        )
        .await;
    assert_eq!(seen.sender, account.person.user_id);
    assert_eq!(seen.msgtype, "m.text");
    assert_eq!(
        seen.formatted_body.as_deref(),
        Some("<strong>alice</strong>: hi <strong>ann</strong>, see <a href=\"https://x.org/d\">docs</a>")
    );
    scene.post("<script>alert(1)</script> /me").await;
    let unsafe_html = scene
        .ann
        .wait_for(&scene.room_id, "alice: <script>alert(1)</script> /me")
        .await;
    let formatted = unsafe_html.formatted_body.unwrap_or_default();
    assert!(!formatted.contains("<script"), "{formatted}");
    scene.post("/me dances").await;
    let action = scene.ann.wait_for(&scene.room_id, "alice dances").await;
    assert_eq!(action.msgtype, "m.emote");

    // No echo either way: after a marker has crossed, each message is there once, and the room
    // holds nothing from the bridge but alice's posts.
    scene.ann.say(&scene.room_id, "marker").await;
    scene.wait_for_post("marker").await;
    assert_eq!(scene.count_posts("hello from matrix").await, 1);
    let from_bridge: Vec<String> = scene
        .ann
        .messages(&scene.room_id)
        .await
        .into_iter()
        .filter(|seen| seen.sender == account.person.user_id)
        .map(|seen| seen.body)
        .collect();
    assert_eq!(
        from_bridge,
        [
            "alice: hi **ann**, see [docs](https://x.org/d)",
            "alice: <script>alert(1)</script> /me",
            "alice dances"
        ]
    );
}

#[tokio::test]
async fn edits_deletions_and_replies_cross_both_ways() {
    let (scene, _) = Scene::bridged().await;
    let room = scene.room_id.as_str();

    // Matrix → brisk: an edit changes the post, a reply lands in its thread, a redaction deletes it.
    let typo = scene.ann.say(room, "typo heer").await;
    let post = scene.wait_for_post("typo heer").await;
    scene.ann.edit(room, &typo, "typo here").await;
    let edited = scene.wait_for_post("typo here").await;
    assert_eq!(edited["id"], post["id"], "the same post, edited");
    assert_eq!(scene.count_posts("typo heer").await, 0);
    scene.ann.reply(room, &typo, "typo here", "and more").await;
    let reply = scene.wait_for_post("and more").await;
    assert_eq!(reply["root_id"], post["id"]);
    scene.ann.redact(room, &typo).await;
    until("the redacted message's post deleted", || async {
        (scene.count_posts("typo here").await == 0).then_some(())
    })
    .await;

    // brisk → Matrix: an edit is an m.replace of the event, a thread reply answers it, a
    // deletion redacts it.
    let draft = scene.post("draft one").await;
    let draft_id = draft["id"].as_str().expect("post id");
    let sent = scene.ann.wait_for(room, "alice: draft one").await;
    let patched = scene
        .server
        .put(
            &format!("/api/v4/posts/{draft_id}/patch"),
            &scene.alice,
            json!({"message": "final one"}),
        )
        .await;
    assert_eq!(patched.status, 200, "{}", patched.body);
    let edit = scene.ann.wait_for(room, "* alice: final one").await;
    assert_eq!(edit.replaces.as_deref(), Some(sent.event_id.as_str()));
    let answered = scene
        .server
        .post(
            "/api/v4/posts",
            &scene.alice,
            json!({"channel_id": scene.channel_id, "root_id": draft_id, "message": "in the thread"}),
        )
        .await;
    assert_eq!(answered.status, 201, "{}", answered.body);
    let in_thread = scene.ann.wait_for(room, "alice: in the thread").await;
    assert_eq!(
        in_thread.in_reply_to.as_deref(),
        Some(sent.event_id.as_str())
    );
    let deleted = scene
        .server
        .delete(&format!("/api/v4/posts/{draft_id}"), &scene.alice)
        .await;
    assert_eq!(deleted.status, 200, "{}", deleted.body);
    until("the deleted post's event redacted", || async {
        scene
            .ann
            .messages(room)
            .await
            .into_iter()
            .any(|seen| seen.event_id == sent.event_id && seen.redacted)
            .then_some(())
    })
    .await;
}

#[tokio::test]
async fn what_is_said_on_both_sides_while_the_homeserver_is_down_arrives_once_in_order() {
    let synapse = Synapse::own();
    let account = BridgeAccount::register(&synapse).await;
    let scene = Scene::on(&synapse, common::start(false, None).await).await;
    scene
        .bridge(&account.config(&account.table(&synapse, &scene.alias)))
        .await;
    let room = scene.room_id.as_str();
    scene.ann.say(room, "before the outage").await;
    scene.wait_for_post("before the outage").await;

    synapse.stop();
    scene.wait_for_state("matrix", "reconnecting").await;
    for n in 1..=3 {
        scene.post(&format!("posted during the outage {n}")).await;
    }
    synapse.start_again();
    // Said before the bridge is back (its next attempt is seconds away): read from its place.
    scene
        .ann
        .say(room, "said as the homeserver came back")
        .await;
    scene.wait_for_state("matrix", "connected").await;
    scene
        .ann
        .wait_for(room, "alice: posted during the outage 3")
        .await;
    scene
        .wait_for_post("said as the homeserver came back")
        .await;

    scene.ann.say(room, "marker").await;
    scene.wait_for_post("marker").await;
    let from_bridge: Vec<String> = scene
        .ann
        .messages(room)
        .await
        .into_iter()
        .filter(|seen| seen.sender == account.person.user_id)
        .map(|seen| seen.body)
        .collect();
    assert_eq!(
        from_bridge,
        [
            "alice: posted during the outage 1",
            "alice: posted during the outage 2",
            "alice: posted during the outage 3"
        ]
    );
    for message in ["before the outage", "said as the homeserver came back"] {
        assert_eq!(scene.count_posts(message).await, 1, "{message}");
    }
}

/// Runs `work` in a runtime of its own, dropped at the end with every task in it (the server and
/// its bridge): to the data dir, that is brisk stopping.
fn in_a_life(work: impl std::future::Future<Output = ()>) {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime")
        .block_on(work);
}

async fn server_on(data_dir: &Path) -> TestServer {
    common::start_in(
        data_dir,
        Config {
            demo: false,
            static_dir: None,
            ..Config::default()
        },
    )
    .await
}

#[test]
fn what_is_said_while_brisk_is_down_arrives_once_in_order() {
    let data = tempfile::tempdir().expect("tempdir");
    let synapse = Synapse::shared();
    let mut kept = None;
    in_a_life(async {
        let account = BridgeAccount::register(synapse).await;
        let scene = Scene::new(server_on(data.path()).await).await;
        let config = account.config(&account.table(synapse, &scene.alias));
        scene.bridge(&config).await;
        scene.ann.say(&scene.room_id, "before").await;
        scene.wait_for_post("before").await;
        kept = Some((
            config,
            scene.ann.clone(),
            scene.room_id.clone(),
            scene.alice.clone(),
            scene.channel_id.clone(),
        ));
    });
    let (config, ann, room_id, alice, channel_id) = kept.expect("first life");
    in_a_life(async {
        for n in 1..=3 {
            ann.say(&room_id, &format!("meanwhile {n}")).await;
        }
    });
    in_a_life(async {
        let server = server_on(data.path()).await;
        server
            .send_post(&alice, &channel_id, "posted while the bridge was away")
            .await;
        bridge::start(&server.state, &config, &server.base).expect("bridges start");
        ann.wait_for(&room_id, "alice: posted while the bridge was away")
            .await;
        let relayed = until("the three messages said meanwhile", || async {
            let page = server
                .get(&format!("/api/v4/channels/{channel_id}/posts"), &alice)
                .await;
            let order = page.body["order"].as_array().cloned().unwrap_or_default();
            let messages: Vec<String> = order
                .iter()
                .rev()
                .filter_map(|id| page.body["posts"][id.as_str()?]["message"].as_str())
                .filter(|message| message.starts_with("meanwhile") || *message == "before")
                .map(str::to_string)
                .collect();
            (messages.len() >= 4).then_some(messages)
        })
        .await;
        assert_eq!(
            relayed,
            ["before", "meanwhile 1", "meanwhile 2", "meanwhile 3"]
        );
        // Nothing more comes: a message said now is the next thing posted.
        ann.say(&room_id, "after").await;
        let after = until("the message said after", || async {
            let page = server
                .get(&format!("/api/v4/channels/{channel_id}/posts"), &alice)
                .await;
            let order = page.body["order"].as_array().cloned().unwrap_or_default();
            let messages: Vec<String> = order
                .iter()
                .rev()
                .filter_map(|id| page.body["posts"][id.as_str()?]["message"].as_str())
                .map(str::to_string)
                .collect();
            messages.contains(&"after".to_string()).then_some(messages)
        })
        .await;
        let relayed_twice = ["before", "meanwhile 1", "meanwhile 2", "meanwhile 3"]
            .iter()
            .any(|m| after.iter().filter(|a| a == m).count() != 1);
        assert!(!relayed_twice, "{after:?}");
    });
}

#[tokio::test]
async fn a_channel_bridged_with_irc_and_matrix_relays_three_ways() {
    let synapse = Synapse::shared();
    let irc = Ngircd::start().await;
    let account = BridgeAccount::register(synapse).await;
    let scene = Scene::new(common::start(false, None).await).await;
    let text = format!(
        "{}[[bridge]]\nchannel = \"eng/river\"\nirc = \"{}\"\n",
        account.table(synapse, &scene.alias),
        irc.url("#oxbow")
    );
    scene.bridge(&account.config(&text)).await;
    let mut ike = IrcClient::join(irc.port, "ike", "#oxbow").await;
    scene.wait_for_state("irc", "connected").await;

    ike.say("from irc").await;
    scene.wait_for_post("from irc").await;
    scene.ann.wait_for(&scene.room_id, "ike: from irc").await;

    scene.ann.say(&scene.room_id, "from matrix").await;
    scene.wait_for_post("from matrix").await;
    assert_eq!(ike.next_said().await.text, "<Ann Lee> from matrix");

    scene.post("from brisk").await;
    assert_eq!(ike.next_said().await.text, "<alice> from brisk");
    scene
        .ann
        .wait_for(&scene.room_id, "alice: from brisk")
        .await;

    // Each once, nothing echoed back to where it was said.
    ike.say("marker").await;
    scene.ann.wait_for(&scene.room_id, "ike: marker").await;
    for message in ["from irc", "from matrix", "from brisk"] {
        assert_eq!(scene.count_posts(message).await, 1, "{message}");
    }
    let bodies: Vec<String> = scene
        .ann
        .messages(&scene.room_id)
        .await
        .into_iter()
        .filter(|seen| seen.sender == account.person.user_id)
        .map(|seen| seen.body)
        .collect();
    assert_eq!(
        bodies,
        ["ike: from irc", "alice: from brisk", "ike: marker"]
    );
}

#[tokio::test]
async fn reactions_cross_both_ways_and_are_taken_back() {
    let (scene, account) = Scene::bridged().await;
    let room = scene.room_id.as_str();
    let bo = Synapse::shared().person("bo", "Bo Ek").await;
    bo.join(room).await;
    let bot_id = scene.user_id("bridge-bot").await;
    let alice_id = scene.user_id("alice").await;

    // brisk → Matrix: alice's reaction to ann's message is the bridge's 👍 on the event; taking
    // it back redacts that reaction.
    let hello = scene.ann.say(room, "react to me").await;
    let hello_post = scene.wait_for_post("react to me").await;
    let hello_post_id = hello_post["id"].as_str().expect("post id");
    let reacted = scene
        .server
        .post(
            "/api/v4/reactions",
            &scene.alice,
            json!({"user_id": alice_id, "post_id": hello_post_id, "emoji_name": "+1"}),
        )
        .await;
    assert_eq!(reacted.status, 201, "{}", reacted.body);
    let thumbs =
        until("the bridge's 👍 on ann's message", || async {
            scene.ann.reactions(room).await.into_iter().find(|r| {
                r.sender == account.person.user_id && r.to.as_deref() == Some(hello.as_str())
            })
        })
        .await;
    assert_eq!(thumbs.key.as_deref(), Some("👍"));
    let removed = scene
        .server
        .delete(
            &format!("/api/v4/users/{alice_id}/posts/{hello_post_id}/reactions/+1"),
            &scene.alice,
        )
        .await;
    assert_eq!(removed.status, 200, "{}", removed.body);
    until("the bridge's 👍 redacted", || async {
        scene
            .ann
            .reactions(room)
            .await
            .into_iter()
            .any(|r| r.event_id == thumbs.event_id && r.redacted)
            .then_some(())
    })
    .await;

    // Matrix → brisk: ann's and bo's 🎉 on alice's message are the bridge bot's one :tada:, which
    // stays until both have taken theirs back.
    let mine = scene.post("a brisk message").await;
    let mine_id = mine["id"].as_str().expect("post id");
    let sent = scene.ann.wait_for(room, "alice: a brisk message").await;
    let ann_tada = scene.ann.react(room, &sent.event_id, "🎉").await;
    let bo_tada = bo.react(room, &sent.event_id, "🎉").await;
    bo.say(room, "reacted").await;
    scene.wait_for_post("reacted").await;
    assert_eq!(
        scene.reactions(mine_id).await,
        [("tada".to_string(), bot_id.clone())]
    );
    scene.ann.redact(room, &ann_tada).await;
    bo.say(room, "one taken back").await;
    scene.wait_for_post("one taken back").await;
    assert_eq!(scene.reactions(mine_id).await.len(), 1, "bo still reacts");
    bo.redact(room, &bo_tada).await;
    until("the bot's :tada: taken back", || async {
        scene.reactions(mine_id).await.is_empty().then_some(())
    })
    .await;

    // Nothing echoed: the bridge reacted in the room only for alice.
    let from_bridge: Vec<Option<String>> = scene
        .ann
        .reactions(room)
        .await
        .into_iter()
        .filter(|r| r.sender == account.person.user_id)
        .map(|r| r.to)
        .collect();
    assert_eq!(
        from_bridge,
        [None],
        "one reaction, alice's 👍, now redacted"
    );
}

#[tokio::test]
async fn files_cross_both_ways() {
    let (scene, _) = Scene::bridged().await;
    let room = scene.room_id.as_str();

    // Matrix → brisk: the file is copied into brisk's store and attached to the post; a body
    // beside a file name is its caption.
    let notes = b"minutes of the meeting".to_vec();
    let url = scene.ann.upload("minutes.txt", notes.clone()).await;
    scene
        .ann
        .send(
            room,
            json!({"msgtype": "m.file", "body": "the minutes", "filename": "minutes.txt", "url": url, "info": {"size": notes.len()}}),
        )
        .await;
    let post = scene.wait_for_post("the minutes").await;
    assert_eq!(post["props"]["override_username"], "Ann Lee");
    let file_ids = post["file_ids"].as_array().cloned().unwrap_or_default();
    assert_eq!(file_ids.len(), 1, "{post}");
    let file_id = file_ids[0].as_str().expect("file id");
    let info = scene
        .server
        .get(&format!("/api/v4/files/{file_id}/info"), &scene.alice)
        .await;
    assert_eq!(info.body["name"], "minutes.txt");
    let copied = scene
        .server
        .http
        .get(format!("{}/api/v4/files/{file_id}", scene.server.base))
        .bearer_auth(&scene.alice)
        .send()
        .await
        .expect("download");
    assert_eq!(copied.bytes().await.expect("bytes").to_vec(), notes);

    // A file too large to copy is named, with why.
    scene
        .ann
        .send(
            room,
            json!({"msgtype": "m.video", "body": "holiday.mp4", "url": url, "info": {"size": 900_000_000}}),
        )
        .await;
    let named = until("the post naming the large video", || async {
        scene.posts().await.into_iter().find(|p| {
            p["message"]
                .as_str()
                .is_some_and(|m| m.starts_with("*holiday.mp4* was shared there but is not here"))
        })
    })
    .await;
    assert_eq!(named["file_ids"].as_array().map_or(0, Vec::len), 0);

    // brisk → Matrix: the files are named, with the post's permalink to open them in brisk.
    let form = reqwest::multipart::Form::new()
        .text("channel_id", scene.channel_id.clone())
        .part(
            "files",
            reqwest::multipart::Part::bytes(b"q3 numbers".to_vec()).file_name("report.txt"),
        );
    let uploaded = scene.server.upload(&scene.alice, form).await;
    assert_eq!(uploaded.status, 201, "{}", uploaded.body);
    let shared = scene
        .server
        .post(
            "/api/v4/posts",
            &scene.alice,
            json!({"channel_id": scene.channel_id, "message": "the report", "file_ids": [uploaded.body["file_infos"][0]["id"]]}),
        )
        .await;
    assert_eq!(shared.status, 201, "{}", shared.body);
    let permalink = format!(
        "{}/eng/pl/{}",
        scene.server.base,
        shared.body["id"].as_str().expect("post id")
    );
    scene
        .ann
        .wait_for(
            room,
            &format!("alice: the report\nshared report.txt: {permalink}"),
        )
        .await;
}

#[tokio::test]
async fn an_access_token_links_and_refused_credentials_show_as_refused() {
    let synapse = Synapse::shared();
    let account = BridgeAccount::register(synapse).await;
    let by_token = Scene::new(common::start(false, None).await).await;
    by_token
        .bridge(&account.config(&account.token_table(synapse, &by_token.alias)))
        .await;
    by_token.ann.say(&by_token.room_id, "heard by token").await;
    let post = by_token.wait_for_post("heard by token").await;
    assert_eq!(post["props"]["override_username"], "Ann Lee");

    for table in [
        account.table(synapse, &by_token.alias),
        account.token_table(synapse, &by_token.alias),
    ] {
        let refused = Scene::new(common::start(false, None).await).await;
        let config = bridge::config::parse(&table, "bridges.toml", |_| {
            Some("not the password or token".into())
        })
        .expect("valid bridges file");
        bridge::start(&refused.server.state, &config, &refused.server.base).expect("bridges start");
        refused.wait_for_state("matrix", "refused").await;
    }
}
