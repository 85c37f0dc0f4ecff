//! The IRC bridge against a real ngircd: posts cross both ways, long and multi-line posts fit
//! IRC's lines, /me and formatting and latin-1 are translated, nothing echoes, an outage loses
//! nothing posted here (the outbox keeps the newest posts when full), a taken nick gets a suffix,
//! and a bad bridges file stops the server.

mod common;

use brisk_server::bridge::{self, BridgesConfig};
use brisk_server::db::bridges;
use common::irc::{free_port, IrcClient, Ngircd, WAIT};
use common::{until, TestServer};
use serde_json::Value;

const ROOM: &str = "#oxbow";

/// A server with alice in eng/river, the channel bridged to `ROOM` on `irc`.
struct Scene {
    server: TestServer,
    alice: String,
    channel_id: String,
}

async fn bridged(irc: &Ngircd, nick: &str) -> Scene {
    let server = common::start(false, None).await;
    let (_, admin, team_id) = server.admin_with_team().await;
    let (alice_id, alice) = server.user(Some(&admin), "alice").await;
    server.add_to_team(&admin, &team_id, &alice_id).await;
    let channel_id = server.channel(&alice, &team_id, "river", "O").await;
    let config = bridges_file(&format!(
        "[[bridge]]\nchannel = \"eng/river\"\nirc = \"{}\"\nnick = \"{nick}\"\n",
        irc.url(ROOM)
    ));
    bridge::start(&server.state, &config, &server.base).expect("bridges start");
    Scene {
        server,
        alice,
        channel_id,
    }
}

fn bridges_file(text: &str) -> BridgesConfig {
    bridge::config::parse(text, "bridges.toml", |_| None).expect("valid bridges file")
}

impl Scene {
    /// The channel, read as any client reads it.
    async fn channel(&self) -> Value {
        self.server
            .get(
                &format!("/api/v4/channels/{}", self.channel_id),
                &self.alice,
            )
            .await
            .body
    }

    /// The state the channel shows for its bridge.
    async fn bridge_state(&self) -> String {
        self.channel().await["props"]["bridges"][0]["state"]
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    async fn wait_for_state(&self, wanted: &str) {
        until(&format!("the bridge shows {wanted}"), || async move {
            (self.bridge_state().await == wanted).then_some(())
        })
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

    /// Waits for a post with this message and returns it.
    async fn wait_for_post(&self, message: &str) -> Value {
        until(&format!("a post {message:?}"), || async move {
            self.posts()
                .await
                .into_iter()
                .find(|p| p["message"] == message)
        })
        .await
    }

    async fn post(&self, message: &str) -> Value {
        self.server
            .send_post(&self.alice, &self.channel_id, message)
            .await
    }

    async fn reply(&self, root_id: &str, message: &str) {
        let reply = self
            .server
            .post(
                "/api/v4/posts",
                &self.alice,
                serde_json::json!({"channel_id": self.channel_id, "root_id": root_id, "message": message}),
            )
            .await;
        assert_eq!(reply.status, 201, "{}", reply.body);
    }
}

/// The room with the bridge in it, seen from a person's IRC client.
async fn room_with_bridge(irc: &Ngircd, scene: &Scene, nick: &str) -> IrcClient {
    let client = IrcClient::join(irc.port, nick, ROOM).await;
    scene.wait_for_state("connected").await;
    client
}

#[tokio::test]
async fn posts_and_irc_lines_cross_both_ways() {
    let irc = Ngircd::start().await;
    let scene = bridged(&irc, "brisk").await;
    let mut ann = room_with_bridge(&irc, &scene, "ann").await;
    // The bridge's state is a change of the channel, dated, so that a client holding a copy read
    // just before keeps the newer one.
    let channel = scene.channel().await;
    assert!(
        channel["update_at"].as_i64() > channel["create_at"].as_i64(),
        "{channel}"
    );

    let root = scene
        .post("hello **IRC** see [docs](https://x.org/d) :wave:")
        .await;
    let said = ann.next_said().await;
    assert_eq!(said.nick, "brisk");
    assert_eq!(
        said.text,
        "<alice> hello IRC see docs (https://x.org/d) :wave:"
    );
    scene
        .reply(root["id"].as_str().expect("id"), "and a reply")
        .await;
    assert_eq!(ann.next_said().await.text, "<alice> re alice: and a reply");
    scene.post("first line\nsecond line").await;
    assert_eq!(ann.next_said().await.text, "<alice> first line");
    assert_eq!(ann.next_said().await.text, "<alice> second line");
    scene.post("/me dances").await;
    assert_eq!(ann.next_said().await.text, "\x01ACTION alice dances\x01");

    ann.say("hi from irc").await;
    let post = scene.wait_for_post("hi from irc").await;
    assert_eq!(post["props"]["override_username"], "ann");
    assert_eq!(post["props"]["from_webhook"], "true");
    assert_eq!(post["props"]["bridge"], "irc");
    ann.say("\x01ACTION waves\x01").await;
    scene.wait_for_post("*ann waves*").await;
    ann.say("\x02bold\x02 and \x0304,01red\x03 text").await;
    scene.wait_for_post("bold and red text").await;
    ann.send(b"PRIVMSG #oxbow :caf\xe9 cr\xe8me\r\n").await;
    scene.wait_for_post("café crème").await;
    ann.say("alice: look at this").await;
    scene.wait_for_post("@alice: look at this").await;

    // No echo either way: what ann said is posted once, and the next line ann hears is the next
    // post from brisk, not her own words coming back.
    scene.post("marker").await;
    assert_eq!(ann.next_said().await.text, "<alice> marker");
    let posts = scene.posts().await;
    let from_irc: Vec<&Value> = posts
        .iter()
        .filter(|p| p["props"]["override_username"] == "ann")
        .collect();
    assert_eq!(from_irc.len(), 5, "{from_irc:?}");
}

#[tokio::test]
async fn a_long_post_is_cut_into_lines_that_fit_irc() {
    let irc = Ngircd::start().await;
    let scene = bridged(&irc, "brisk").await;
    let mut ann = room_with_bridge(&irc, &scene, "ann").await;
    // 1,500 characters, many of them two or three bytes, and no spaces to cut at.
    let long: String = "aé€ü".repeat(375);
    assert_eq!(long.chars().count(), 1500);
    scene.post(&long).await;
    let mut received = String::new();
    let mut lines = 0;
    while received.len() < long.len() {
        let said = ann.next_said().await;
        // The line as ngircd relays it, source prefix included, within IRC's 512 with CR LF.
        assert!(said.raw.len() + 2 <= 512, "{} bytes", said.raw.len() + 2);
        received.push_str(said.text.strip_prefix("<alice> ").expect("speaker prefix"));
        lines += 1;
    }
    assert_eq!(received, long);
    assert!(lines >= 3, "{lines} lines");
}

#[tokio::test]
async fn a_post_made_while_irc_is_down_arrives_once_after_restart() {
    let irc = Ngircd::start().await;
    let scene = bridged(&irc, "brisk").await;
    let mut ann = room_with_bridge(&irc, &scene, "ann").await;
    scene.post("before").await;
    assert_eq!(ann.next_said().await.text, "<alice> before");

    let port = irc.kill().await;
    scene.wait_for_state("reconnecting").await;
    scene.post("said during the outage").await;

    // Hold the port until the bridge knocks once more and is turned away: its next try is then
    // at least a second off, time for ngircd to come back and ann to be in the room first.
    let stand_in = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .expect("hold the port");
    let (knock, _) = tokio::time::timeout(WAIT, stand_in.accept())
        .await
        .expect("the bridge retries")
        .expect("accept");
    drop(knock);
    drop(stand_in);
    let irc = Ngircd::start_on(port).await;
    let mut ann = IrcClient::join(irc.port, "ann", ROOM).await;
    scene.wait_for_state("connected").await;
    assert_eq!(ann.next_said().await.text, "<alice> said during the outage");
    scene.post("after").await;
    assert_eq!(
        ann.next_said().await.text,
        "<alice> after",
        "the outage post came once"
    );
}

#[tokio::test]
async fn a_taken_nick_gets_a_suffix() {
    let irc = Ngircd::start().await;
    let mut squatter = IrcClient::join(irc.port, "brisk", ROOM).await;
    let scene = bridged(&irc, "brisk").await;
    scene.wait_for_state("connected").await;
    scene.post("who am i").await;
    let said = squatter.next_said().await;
    assert_eq!(
        (said.nick.as_str(), said.text.as_str()),
        ("brisk1", "<alice> who am i")
    );
    // The person called brisk is not the bridge: what they say still crosses.
    squatter.say("I was here first").await;
    let post = scene.wait_for_post("I was here first").await;
    assert_eq!(post["props"]["override_username"], "brisk");
}

#[tokio::test]
async fn a_bridge_to_a_missing_channel_names_its_line() {
    let irc = Ngircd::start().await;
    let scene = bridged(&irc, "brisk").await;
    let config = bridges_file(&format!(
        "[[bridge]]\nchannel = \"eng/river\"\nirc = \"{}\"\n\n[[bridge]]\nchannel = \"eng/nope\"\nirc = \"{}\"\n",
        irc.url(ROOM),
        irc.url("#other")
    ));
    let err = bridge::start(&scene.server.state, &config, &scene.server.base)
        .expect_err("no such channel");
    assert_eq!(
        err,
        "bridges.toml line 6: team `eng` has no open or private channel named `nope`"
    );
}

/// The server binary with a bridges file: it must refuse to start, naming the line.
async fn start_refused(bridges: &str) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("bridges.toml");
    std::fs::write(&file, bridges).expect("write bridges file");
    let run = tokio::process::Command::new(env!("CARGO_BIN_EXE_brisk-server"))
        .args([
            "--port",
            "0",
            "--no-demo",
            "--static-dir",
            "/nonexistent",
            "--data-dir",
        ])
        .arg(dir.path().join("data"))
        .arg("--bridges")
        .arg(&file)
        .kill_on_drop(true)
        .output();
    let out = tokio::time::timeout(WAIT, run)
        .await
        .expect("the server stops at once")
        .expect("run brisk-server");
    assert!(!out.status.success(), "the server started anyway");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[tokio::test]
async fn a_bad_bridges_file_stops_the_server_naming_the_line() {
    let port = free_port();
    let bad_url = start_refused(
        "[[bridge]]\nchannel = \"eng/river\"\n\nirc = \"irc://127.0.0.1:99999/#a\"\n",
    )
    .await;
    assert!(
        bad_url.contains("bridges.toml line 4: `irc://127.0.0.1:99999/#a` has a bad port"),
        "{bad_url}"
    );
    let no_team = start_refused(&format!(
        "bot = \"relay\"\n[[bridge]]\nchannel = \"eng/river\"\nirc = \"irc://127.0.0.1:{port}/#a\"\n"
    ))
    .await;
    assert!(
        no_team.contains("bridges.toml line 3: there is no team named `eng`"),
        "{no_team}"
    );
    let not_toml = start_refused("[[bridge]\n").await;
    assert!(
        not_toml.contains("bridges.toml") && not_toml.contains("line 1"),
        "{not_toml}"
    );
    assert!(!not_toml.contains("panicked"), "{not_toml}");
}

#[tokio::test]
async fn a_full_outbox_keeps_the_newest_posts() {
    let server = common::start(false, None).await;
    let (_, admin, team_id) = server.admin_with_team().await;
    let channel_id = server.channel(&admin, &team_id, "river", "O").await;
    let mut created = Vec::new();
    for i in 0..5 {
        let post = server
            .send_post(&admin, &channel_id, &format!("post {i}"))
            .await;
        created.push(post["create_at"].as_i64().expect("create_at"));
    }
    let before_all = created[0] - 1;
    let (kept_from, dropped, pending) = server
        .state
        .db
        .write(move |tx| {
            let overflow = bridges::drop_overflow(tx, "key", &channel_id, before_all, 3)?;
            let (kept_from, dropped) = overflow.expect("two posts over");
            let pending = bridges::pending(tx, &channel_id, kept_from, 50)?;
            Ok((kept_from, dropped, pending))
        })
        .await
        .expect("outbox");
    assert_eq!((kept_from, dropped), (created[1], 2));
    let messages: Vec<&str> = pending.iter().map(|post| post.message.as_str()).collect();
    assert_eq!(messages, ["post 2", "post 3", "post 4"]);
}
