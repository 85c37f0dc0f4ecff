//! What brisk keeps on the device (IndexedDB), in a real browser.

use brisk::browser::local_store;
use brisk::persist::idb::{Change, Database, CHANNELS, DEVICE, OUTBOX, SESSION};
use wasm_bindgen_test::*;

/// A database of the tests' own, so the app's is left alone.
const TEST: Database = Database {
    name: "brisk-test",
    version: 1,
};

fn put(store: &'static str, key: &str, value: &str) -> Change {
    Change::Put {
        store,
        key: key.into(),
        value: value.into(),
    }
}

#[wasm_bindgen_test]
async fn records_written_are_read_back_changed_and_cleared() {
    TEST.erase().await.expect("a fresh database");
    TEST.write(&[
        put(SESSION, "saved", "who and where"),
        put(CHANNELS, "c2", "two"),
        put(CHANNELS, "c1", "one"),
        put(OUTBOX, "me:1", "waiting"),
    ])
    .await
    .expect("written");
    assert_eq!(
        TEST.get(SESSION, "saved").await.unwrap().as_deref(),
        Some("who and where")
    );
    assert_eq!(TEST.get(SESSION, "other").await.unwrap(), None);
    assert_eq!(TEST.get_all(CHANNELS).await.unwrap(), ["one", "two"]);

    TEST.write(&[
        put(CHANNELS, "c2", "two, later"),
        Change::Delete {
            store: CHANNELS,
            key: "c1".into(),
        },
        Change::Clear(OUTBOX),
    ])
    .await
    .expect("written");
    assert_eq!(TEST.get_all(CHANNELS).await.unwrap(), ["two, later"]);
    assert!(TEST.get_all(OUTBOX).await.unwrap().is_empty());
    TEST.erase().await.expect("erased");
}

#[wasm_bindgen_test]
async fn a_new_version_drops_the_older_copy_but_keeps_the_posts_waiting_to_be_sent() {
    TEST.erase().await.expect("a fresh database");
    TEST.write(&[
        put(SESSION, "saved", "old shape"),
        put(CHANNELS, "c1", "old posts"),
        put(OUTBOX, "me:1", "typed in a tunnel"),
    ])
    .await
    .expect("written");
    let newer = Database {
        version: TEST.version + 1,
        ..TEST
    };
    assert_eq!(newer.get(SESSION, "saved").await.unwrap(), None);
    assert!(newer.get_all(CHANNELS).await.unwrap().is_empty());
    assert_eq!(
        newer.get_all(OUTBOX).await.unwrap(),
        ["typed in a tunnel"],
        "a post waiting for the network survives an upgrade"
    );
    newer
        .write(&[put(SESSION, "saved", "new shape")])
        .await
        .expect("the new stores take records");
    assert_eq!(
        newer.get(SESSION, "saved").await.unwrap().as_deref(),
        Some("new shape")
    );
    assert!(
        TEST.get(SESSION, "saved").await.is_err(),
        "an older build does not read a newer shape"
    );
    newer.erase().await.expect("erased");
}

#[wasm_bindgen_test]
async fn erasing_leaves_no_record_behind() {
    TEST.write(&[
        put(SESSION, "saved", "someone"),
        put(OUTBOX, "me:1", "theirs"),
    ])
    .await
    .expect("written");
    TEST.erase().await.expect("erased");
    assert_eq!(TEST.get(SESSION, "saved").await.unwrap(), None);
    assert!(TEST.get_all(OUTBOX).await.unwrap().is_empty());
    TEST.erase().await.expect("erased");
}

#[wasm_bindgen_test]
async fn posts_the_previous_version_kept_in_local_storage_are_moved_once() {
    DEVICE.erase().await.expect("a fresh database");
    let legacy = r#"[{"pending_post_id":"me:5","channel_id":"c1","user_id":"me","message":"from a tunnel","create_at":5}]"#;
    local_store::save("brisk.unsent", legacy);
    DEVICE
        .write(&[put(
            OUTBOX,
            "me:9",
            r#"{"pending_post_id":"me:9","channel_id":"c1","user_id":"me","message":"kept here","create_at":9}"#,
        )])
        .await
        .expect("written");
    let kept = brisk::persist::outbox::load().await;
    let messages: Vec<&str> = kept.iter().map(|u| u.post.message.as_str()).collect();
    assert_eq!(messages, ["kept here", "from a tunnel"]);
    assert_eq!(
        local_store::load("brisk.unsent"),
        "",
        "nothing stays in localStorage"
    );
    DEVICE.erase().await.expect("erased");
}

#[wasm_bindgen_test]
async fn whether_the_database_is_there_is_known_without_creating_it() {
    TEST.erase().await.expect("a fresh database");
    assert!(!TEST.exists().await);
    assert!(!TEST.exists().await, "asking does not create it");
    TEST.write(&[put(SESSION, "saved", "someone")])
        .await
        .expect("written");
    assert!(TEST.exists().await);
    TEST.erase().await.expect("erased");
    assert!(!TEST.exists().await);
}

#[wasm_bindgen_test]
fn the_saved_screen_is_the_app_markup_without_the_live_app_test_ids() {
    let document = web_sys::window().unwrap().document().unwrap();
    let live = document.create_element("div").unwrap();
    live.set_inner_html(
        r#"<div data-testid="post"><p data-testid="post-message">say data-testid="x" &lt;b&gt;</p></div>"#,
    );
    let saved = brisk::persist::screen::saved_markup(&live).expect("copied");
    assert_eq!(
        saved,
        r#"<div><div data-saved-testid="post"><p data-saved-testid="post-message">say data-testid="x" &lt;b&gt;</p></div></div>"#
    );
    assert!(
        live.query_selector("[data-testid=post-message]")
            .unwrap()
            .is_some(),
        "the live app is left as it was"
    );
}
