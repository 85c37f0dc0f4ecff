//! Components in a real browser (headless Chromium through wasm-bindgen-test-runner):
//! what a reader sees, read back from the DOM.
#![cfg(target_arch = "wasm32")]

use brisk::components::post::Post;
use brisk::markdown::{render, RenderOptions};
use brisk::pages::login::LoginPage;
use brisk::state::provide_app_state;
use brisk::store::{PostRow, PostState};
use brisk_model::{Post as WirePost, User};
use leptos::mount::mount_to;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

#[path = "web/device.rs"]
mod device;

/// A fresh element in the page for one test to mount into.
fn container() -> HtmlElement {
    let document = document();
    let element = document
        .create_element("div")
        .unwrap()
        .unchecked_into::<HtmlElement>();
    document.body().unwrap().append_child(&element).unwrap();
    element
}

fn find(root: &Element, selector: &str) -> Option<Element> {
    root.query_selector(selector).unwrap()
}

fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
        .collect()
}

fn text(element: &Element) -> String {
    element.text_content().unwrap_or_default()
}

fn row(id: &str, message: &str, state: PostState, starts_group: bool) -> PostRow {
    let post = WirePost {
        id: id.into(),
        user_id: "u-bob".into(),
        channel_id: "c1".into(),
        message: message.into(),
        create_at: 1_700_000_000_000,
        update_at: 1_700_000_000_000,
        pending_post_id: id.into(),
        ..WirePost::default()
    };
    PostRow {
        post,
        state,
        starts_group,
        starts_day: false,
    }
}

/// Signed in as ann (`u-ann`), with bob (`u-bob`) known.
fn ann_signed_in_knowing_bob(store: &mut brisk::store::Store) {
    store.set_me(User {
        id: "u-ann".into(),
        username: "ann".into(),
        ..User::default()
    });
    store.apply_users(vec![User {
        id: "u-bob".into(),
        username: "bob".into(),
        ..User::default()
    }]);
}

fn mount_posts(rows: Vec<PostRow>) -> (HtmlElement, impl Drop) {
    let (root, _store, handle) = mount_signed_in(
        |_| {},
        move || {
            rows.into_iter()
                .map(|row| view! { <Post row=row/> })
                .collect_view()
        },
    );
    (root, handle)
}

/// Mounts `view` with ann signed in (knowing bob) and `prepare` applied to the store, and gives
/// the store back for the test to change.
fn mount_signed_in<V: IntoView + 'static>(
    prepare: impl FnOnce(&mut brisk::store::Store) + 'static,
    view: impl FnOnce() -> V + 'static,
) -> (HtmlElement, brisk::state::StoreSignal, impl Drop) {
    let root = container();
    let store = RwSignal::new(None);
    let handle = mount_to(root.clone(), move || {
        let state = provide_app_state();
        state.store.update(|s| {
            ann_signed_in_knowing_bob(s);
            prepare(s);
        });
        store.set(Some(state.store));
        view()
    });
    let store = store.get_untracked().expect("the app state");
    (root, store, handle)
}

#[wasm_bindgen_test]
fn a_post_shows_its_author_time_and_markdown_and_runs_nothing() {
    let (root, _mounted) = mount_posts(vec![row(
        "p1",
        "Hi @ann, **release** notes at [the notes](https://example.org/notes) \
         <script>window.pwned = 1</script> <img src=x onerror=\"window.pwned = 2\"> \
         [click](javascript:window.pwned=3)",
        PostState::Sent,
        true,
    )]);

    let post = find(&root, "article[data-testid=post]").expect("a post article");
    assert_eq!(post.get_attribute("data-post-id").as_deref(), Some("p1"));
    assert_eq!(
        text(&find(&post, "[data-testid=post-author]").unwrap()),
        "bob"
    );
    let time = find(&post, "time").expect("a time element");
    assert_eq!(
        time.get_attribute("datetime").as_deref(),
        Some("2023-11-14T22:13:20.000Z")
    );
    assert!(!text(&time).is_empty());

    let message = find(&post, "[data-testid=post-message]").unwrap();
    assert_eq!(text(&find(&message, "strong").unwrap()), "release");
    assert_eq!(text(&find(&message, ".mention-me").unwrap()), "@ann");
    assert!(
        text(&message).contains("<script>window.pwned = 1</script>"),
        "raw HTML shows as text"
    );
    assert!(find(&root, "script").is_none());
    assert!(find(&root, "img").is_none());
    let links = all(&message, "a");
    assert_eq!(links.len(), 1, "the javascript: link is text only");
    assert_eq!(
        links[0].get_attribute("href").as_deref(),
        Some("https://example.org/notes")
    );
    assert_eq!(
        links[0].get_attribute("rel").as_deref(),
        Some("noopener noreferrer")
    );
    assert!(post.get_attribute("data-pending").is_none());
    assert!(post.get_attribute("data-failed").is_none());
}

#[wasm_bindgen_test]
fn grouped_pending_and_failed_posts_say_so() {
    let (root, _mounted) = mount_posts(vec![
        row("a", "first", PostState::Sent, true),
        row("b", "second", PostState::Pending, false),
        row("c", "lost text", PostState::Failed, false),
        row("d", "in a tunnel", PostState::Waiting, false),
    ]);
    let posts = all(&root, "article[data-testid=post]");
    assert_eq!(posts.len(), 4);
    assert_eq!(
        all(&root, "[data-testid=post-author]").len(),
        1,
        "the author shows once"
    );
    assert_eq!(
        all(&root, "article time").len(),
        4,
        "every post keeps its time"
    );
    assert_eq!(
        posts[1].get_attribute("data-pending").as_deref(),
        Some("true")
    );
    assert_eq!(
        posts[2].get_attribute("data-failed").as_deref(),
        Some("true")
    );
    assert!(
        text(&posts[2]).contains("lost text"),
        "a failed post keeps its text"
    );
    let retry = find(&posts[2], "button").expect("a retry button");
    assert_eq!(text(&retry), "Retry");
    assert_eq!(
        posts[3].get_attribute("data-waiting").as_deref(),
        Some("true")
    );
    assert!(text(&posts[3]).contains("Waiting for network"));
    let buttons: Vec<String> = all(&posts[3], "button").iter().map(text).collect();
    assert_eq!(
        buttons,
        ["Edit", "Delete"],
        "a waiting post can still change"
    );
}

#[wasm_bindgen_test]
fn logging_out_erases_only_what_brisk_stored_in_local_storage() {
    use brisk::browser::local_store;
    local_store::save("brisk.draft.c1", "half a thought");
    let storage = window().local_storage().unwrap().unwrap();
    storage.set_item("another-app", "theirs").unwrap();

    local_store::erase_all();
    assert_eq!(local_store::load("brisk.draft.c1"), "");
    assert_eq!(
        storage.get_item("another-app").unwrap().as_deref(),
        Some("theirs")
    );
    storage.remove_item("another-app").unwrap();
}

#[wasm_bindgen_test]
fn the_login_form_has_labelled_fields_and_a_submit_button() {
    let root = container();
    let _mounted = mount_to(root.clone(), || {
        provide_app_state();
        view! { <LoginPage/> }
    });
    for (label_text, input_type) in [("Email or Username", "text"), ("Password", "password")] {
        let label = all(&root, "label")
            .into_iter()
            .find(|label| text(label) == label_text)
            .unwrap_or_else(|| panic!("a label {label_text:?}"));
        let id = label
            .get_attribute("for")
            .expect("label points at its input");
        let input = find(&root, &format!("input#{id}")).expect("the labelled input");
        assert_eq!(input.get_attribute("type").as_deref(), Some(input_type));
    }
    let button = find(&root, "button[type=submit]").expect("a submit button");
    assert_eq!(text(&button).trim(), "Log in");
    assert!(
        find(&root, "[role=alert]").is_none(),
        "no error before trying"
    );
}

#[wasm_bindgen_test]
async fn the_login_page_takes_over_what_was_typed_in_the_form_painted_before_the_app() {
    use web_sys::HtmlInputElement;
    let input = |root: &Element, id: &str| {
        find(root, &format!("input#{id}"))
            .expect("the field")
            .unchecked_into::<HtmlInputElement>()
    };
    // As assets/start.js paints it: the person typed both fields and went back into the first.
    let painted = container();
    painted.set_attribute("data-before-app", "").unwrap();
    painted.set_inner_html(
        r#"<form class="login-form"><input id="login-id" type="text"><input id="password" type="password"></form>"#,
    );
    input(&painted, "login-id").set_value("ann");
    input(&painted, "password").set_value("secret");
    input(&painted, "login-id").focus().unwrap();
    input(&painted, "login-id")
        .set_selection_range(1, 1)
        .unwrap();

    let root = container();
    let _mounted = mount_to(root.clone(), || {
        provide_app_state();
        view! { <LoginPage/> }
    });
    assert!(
        find(&document().body().unwrap(), "[data-before-app]").is_none(),
        "the painted form is taken down as the app draws its own"
    );
    settle().await;
    let login_id = input(&root, "login-id");
    assert_eq!(login_id.value(), "ann");
    assert_eq!(input(&root, "password").value(), "secret");
    // The caret is put back before the next frame.
    brisk::browser::paint::after_paint().await;
    assert_eq!(
        document().active_element(),
        Some(login_id.clone().unchecked_into::<Element>()),
        "the same field has the focus"
    );
    assert_eq!(
        login_id.selection_start().unwrap(),
        Some(1),
        "and the caret is where it was"
    );
    assert!(
        find(&root, "[role=status]").is_none(),
        "nothing was sent: Log in was not pressed"
    );
}

#[wasm_bindgen_test]
fn markdown_payloads_parsed_by_the_browser_hold_no_active_content() {
    let payloads = [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<svg><a xlink:href=\"javascript:alert(1)\">x</a></svg>",
        "[x](JAVASCRIPT:alert(1))",
        "[x](java\nscript:alert(1))",
        "[x](&#106;avascript:alert(1))",
        "![x](data:image/svg+xml,<svg onload=alert(1)>)",
        "<javascript:alert(1)>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "[ok](https://example.org/?q=\"><script>alert(1)</script>)",
    ];
    let root = container();
    for payload in payloads {
        root.set_inner_html(&render(payload, &RenderOptions::default()));
        assert!(
            find(&root, "script, iframe, svg, object, embed, style").is_none(),
            "{payload:?}"
        );
        for element in all(&root, "*") {
            let names = element.get_attribute_names();
            for name in names.iter().filter_map(|n| n.as_string()) {
                assert!(!name.starts_with("on"), "{payload:?} produced {name}");
            }
            for attribute in ["href", "src"] {
                if let Some(url) = element.get_attribute(attribute) {
                    let url = url.trim().to_ascii_lowercase();
                    assert!(
                        url.starts_with("https://")
                            || url.starts_with("http://")
                            || !url.contains(':'),
                        "{payload:?} produced {attribute}={url}"
                    );
                }
            }
        }
    }
}

/// Lets the reactive system bring the DOM up to date.
async fn settle() {
    gloo_timers::future::TimeoutFuture::new(20).await;
}

#[wasm_bindgen_test]
async fn a_text_field_ties_its_hint_and_problem_to_its_input() {
    use brisk::components::form_field::TextField;
    let root = container();
    let problem = RwSignal::new(Some("Choose a username.".to_string()));
    let _mounted = mount_to(root.clone(), move || {
        view! {
            <TextField id="f-username" label="Username" value=RwSignal::new(String::new())
                problem=problem hint="3 to 22 characters."/>
        }
    });
    let input = find(&root, "input#f-username").expect("the input");
    assert_eq!(
        find(&root, "label[for=f-username]").map(|l| text(&l)),
        Some("Username".into())
    );
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    let described_by = input.get_attribute("aria-describedby").unwrap_or_default();
    let descriptions: Vec<String> = described_by
        .split_whitespace()
        .map(|id| text(&find(&root, &format!("#{id}")).expect("described by an element")))
        .collect();
    assert_eq!(descriptions, ["3 to 22 characters.", "Choose a username."]);

    problem.set(None);
    settle().await;
    assert_eq!(input.get_attribute("aria-invalid"), None);
    assert_eq!(
        input.get_attribute("aria-describedby").as_deref(),
        Some("f-username-hint")
    );
}

#[wasm_bindgen_test]
async fn a_menu_button_says_whether_its_actions_show_and_takes_focus_back() {
    use brisk::components::menu::Menu;
    let root = container();
    let chosen = RwSignal::new(false);
    let _mounted = mount_to(root.clone(), move || {
        view! {
            <Menu id="m-test" label="⋯" aria_label="Test menu">
                <li><button type="button" on:click=move |_| chosen.set(true)>"Do it"</button></li>
            </Menu>
        }
    });
    let button: HtmlElement = find(&root, "#m-test")
        .expect("the menu button")
        .unchecked_into();
    let items = find(&root, "#m-test-items").expect("the actions");
    assert_eq!(
        button.get_attribute("aria-label").as_deref(),
        Some("Test menu")
    );
    assert_eq!(
        button.get_attribute("aria-controls").as_deref(),
        Some("m-test-items")
    );
    assert_eq!(
        button.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    assert!(items.has_attribute("hidden"));

    button.click();
    settle().await;
    assert_eq!(
        button.get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    assert!(!items.has_attribute("hidden"));

    let action: HtmlElement = find(&items, "button").unwrap().unchecked_into();
    action.focus().unwrap();
    action.click();
    settle().await;
    assert!(chosen.get_untracked());
    assert_eq!(
        button.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    assert_eq!(
        document()
            .active_element()
            .and_then(|e| e.get_attribute("id"))
            .as_deref(),
        Some("m-test"),
        "focus is back on the menu's button"
    );
}

fn row_with_embeds(id: &str, embeds: serde_json::Value) -> PostRow {
    let mut row = row(id, "see the link", PostState::Sent, true);
    row.post.metadata =
        serde_json::from_value(serde_json::json!({ "embeds": embeds })).expect("metadata decodes");
    row
}

#[wasm_bindgen_test]
fn a_link_card_shows_the_page_as_text_with_a_safe_link_and_a_lazy_image() {
    let (root, _mounted) = mount_posts(vec![
        row_with_embeds(
            "p1",
            serde_json::json!([{
                "type": "opengraph", "url": "https://example.org/a",
                "data": { "site_name": "Example <b>Site</b>",
                          "title": "<img src=x onerror=\"window.pwned = 1\">A page",
                          "description": "<script>window.pwned = 2</script>",
                          "images": [{ "secure_url": "https://img.example.org/a.png",
                                       "width": 1200, "height": 600 }] }
            }]),
        ),
        row_with_embeds(
            "p2",
            serde_json::json!([{
                "type": "opengraph", "url": "javascript:window.pwned=3",
                "data": { "title": "No link", "images": [{ "url": "javascript:x" }] }
            }]),
        ),
    ]);
    let cards = all(&root, "[data-testid=link-preview]");
    assert_eq!(cards.len(), 2);
    assert_eq!(
        text(&find(&cards[0], ".link-preview-site").unwrap()),
        "Example <b>Site</b>"
    );
    let title = find(&cards[0], ".link-preview-title a").expect("a linked title");
    assert_eq!(
        text(&title),
        "<img src=x onerror=\"window.pwned = 1\">A page"
    );
    assert_eq!(
        title.get_attribute("href").as_deref(),
        Some("https://example.org/a")
    );
    assert_eq!(
        title.get_attribute("rel").as_deref(),
        Some("noopener noreferrer")
    );
    assert_eq!(
        text(&find(&cards[0], ".link-preview-description").unwrap()),
        "<script>window.pwned = 2</script>"
    );
    let images = all(&root, "img");
    assert_eq!(
        images.len(),
        1,
        "only the card's own image, no injected one"
    );
    assert_eq!(
        images[0].get_attribute("src").as_deref(),
        Some("https://img.example.org/a.png")
    );
    assert_eq!(images[0].get_attribute("loading").as_deref(), Some("lazy"));
    assert_eq!(images[0].get_attribute("width").as_deref(), Some("80"));
    assert_eq!(images[0].get_attribute("height").as_deref(), Some("40"));
    assert!(find(&root, "script, b").is_none());

    assert!(
        find(&cards[1], "a").is_none(),
        "a javascript: page is not linked"
    );
    assert_eq!(
        text(&find(&cards[1], ".link-preview-title").unwrap()),
        "No link"
    );
}

#[wasm_bindgen_test]
fn a_permalink_embed_quotes_the_post_with_its_author_and_a_jump_link() {
    let linked = "abcdefghijklmnopqrstuvwxyz";
    let (root, _mounted) = mount_posts(vec![row_with_embeds(
        "p1",
        serde_json::json!([{
            "type": "permalink",
            "data": { "post_id": linked, "team_name": "demo", "channel_display_name": "Dev",
                      "channel_type": "O", "channel_id": "c2",
                      "post": { "id": linked, "user_id": "u-bob",
                                "message": "**shipped** <script>window.pwned = 4</script>" } }
        }]),
    )]);
    let quote = find(&root, "[data-testid=permalink-preview]").expect("a quoted post");
    assert_eq!(text(&find(&quote, ".post-author").unwrap()), "bob");
    assert!(text(&quote).contains(" in Dev"));
    assert_eq!(text(&find(&quote, "strong").unwrap()), "shipped");
    assert!(find(&root, "script").is_none());
    assert_eq!(
        find(&quote, "a.permalink-preview-jump")
            .and_then(|a| a.get_attribute("href"))
            .as_deref(),
        Some(format!("/demo/pl/{linked}").as_str())
    );
}

#[wasm_bindgen_test]
async fn the_search_pane_says_what_it_is_doing_and_lists_results_with_a_jump_link() {
    use brisk::components::search_pane::SearchPane;
    use brisk_model::{Channel, PostList, PostSearchResults, Team};
    let (root, store, _mounted) = mount_signed_in(
        |s| {
            s.apply_teams(vec![Team {
                id: "t1".into(),
                name: "crew".into(),
                ..Team::default()
            }]);
            s.current_team_id = Some("t1".into());
            s.apply_channel(Channel {
                id: "c1".into(),
                team_id: "t1".into(),
                name: "dev".into(),
                display_name: "Developers".into(),
                ..Channel::default()
            });
        },
        || view! { <SearchPane/> },
    );
    let status = || text(&find(&root, "[role=status]").expect("a status line"));

    let request = store.try_update(|s| s.start_search("quokka")).flatten();
    settle().await;
    assert_eq!(status(), "Searching for “quokka”…");

    let found = row("p1", "the **quokka** plan #roadmap", PostState::Sent, true).post;
    let mut list = PostList::default();
    list.order.push(found.id.clone());
    list.posts.insert(found.id.clone(), found);
    store.update(|s| {
        s.apply_search_results(
            request.unwrap_or_default(),
            PostSearchResults {
                list,
                ..PostSearchResults::default()
            },
        )
    });
    settle().await;
    assert_eq!(status(), "1 result for “quokka”");
    let hits = all(&root, "[data-testid=search-result]");
    assert_eq!(hits.len(), 1);
    let hit = text(&hits[0]);
    assert!(hit.contains("Developers") && hit.contains("bob"), "{hit}");
    assert_eq!(
        find(&hits[0], "strong").map(|e| text(&e)),
        Some("quokka".into())
    );
    assert_eq!(
        find(&hits[0], "a.hashtag").and_then(|e| e.get_attribute("data-hashtag")),
        Some("#roadmap".into())
    );
    assert_eq!(
        find(&hits[0], "a.search-hit-jump").and_then(|e| e.get_attribute("href")),
        Some("/crew/pl/p1".into())
    );

    let request = store.try_update(|s| s.start_search("zebra")).flatten();
    store.update(|s| {
        s.apply_search_results(request.unwrap_or_default(), PostSearchResults::default())
    });
    settle().await;
    assert_eq!(status(), "No results for “zebra”");
    assert!(all(&root, "[data-testid=search-result]").is_empty());

    let request = store.try_update(|s| s.start_search("zebra")).flatten();
    store.update(|s| {
        s.apply_search_failed(
            request.unwrap_or_default(),
            "Cannot reach the server.".into(),
        )
    });
    settle().await;
    let alert = find(&root, "[role=alert]").expect("the failure is announced");
    assert!(text(&alert).contains("Cannot reach the server."));
    assert!(find(&alert, "button").is_some_and(|b| text(&b) == "Try again"));
}

#[wasm_bindgen_test]
async fn a_reaction_chip_is_updated_in_place_so_a_press_or_focus_on_it_is_not_lost() {
    use brisk::components::reactions::Reactions;
    use brisk_model::Reaction;

    let (root, store, _mounted) = mount_signed_in(
        |s| {
            s.add_reaction(Reaction {
                user_id: "u-bob".into(),
                post_id: "p1".into(),
                emoji_name: "tada".into(),
                create_at: 1,
            })
        },
        || view! { <Reactions post_id="p1".to_string() picking=RwSignal::new(false)/> },
    );
    settle().await;
    let chip = find(&root, "button.reaction[aria-pressed]").expect("a chip for :tada:");
    assert_eq!(
        text(&chip).trim_start_matches(|c: char| !c.is_ascii_digit()),
        "1"
    );
    assert_eq!(chip.get_attribute("aria-pressed").as_deref(), Some("false"));

    store.update(|s| {
        s.add_reaction(Reaction {
            user_id: "u-ann".into(),
            post_id: "p1".into(),
            emoji_name: "tada".into(),
            create_at: 2,
        })
    });
    settle().await;
    assert!(
        chip.is_connected(),
        "the chip that was pressed is the one still shown"
    );
    assert_eq!(
        text(&chip).trim_start_matches(|c: char| !c.is_ascii_digit()),
        "2"
    );
    assert_eq!(chip.get_attribute("aria-pressed").as_deref(), Some("true"));
    assert_eq!(
        chip.get_attribute("aria-label").as_deref(),
        Some("bob, you reacted with :tada:")
    );
}

fn posts_page(posts: Vec<WirePost>) -> brisk_model::PostList {
    let mut list = brisk_model::PostList::default();
    for post in posts.into_iter().rev() {
        list.order.push(post.id.clone());
        list.posts.insert(post.id.clone(), post);
    }
    list
}

fn wire(id: &str, user_id: &str, at: i64, message: &str) -> WirePost {
    WirePost {
        id: id.into(),
        user_id: user_id.into(),
        channel_id: "c1".into(),
        message: message.into(),
        create_at: at,
        update_at: at,
        ..WirePost::default()
    }
}

/// The ids of the posts the list shows, top to bottom.
fn shown_post_ids(root: &Element) -> Vec<String> {
    all(root, "[data-testid=post]")
        .iter()
        .filter_map(|post| post.get_attribute("data-post-id"))
        .collect()
}

/// The steps of "a send that reached the server but whose answer was lost shows once after a
/// reload" (e2e), on the list alone: the copy kept unsent, sent again, the catch-up page bringing
/// the server's copy, then the send's answer; the DOM is compared after every way of letting the
/// list render between them.
#[wasm_bindgen_test]
async fn a_resent_post_confirmed_after_the_catch_up_brought_its_server_copy_shows_once() {
    use brisk::components::post_list::PostList;
    for settle_between in [
        0b1111u8, 0b0111, 0b1011, 0b1101, 0b1110, 0b0000, 0b0101, 0b1010,
    ] {
        let t = 1_700_000_000_000;
        let (root, store, _mounted) = mount_signed_in(
            move |s| {
                s.apply_newest_page(
                    "c1",
                    posts_page(vec![wire("s1", "u-bob", t, "earlier")]),
                    false,
                );
            },
            || view! { <PostList channel_id="c1".to_string()/> },
        );
        settle().await;
        let lost = WirePost {
            pending_post_id: "u-ann:3".into(),
            ..wire("u-ann:3", "u-ann", t + 3_000, "the answer got lost")
        };
        let steps: [Box<dyn Fn(&mut brisk::store::Store)>; 4] = [
            Box::new({
                let lost = lost.clone();
                move |s| {
                    s.add_outgoing_post(lost.clone(), true);
                }
            }),
            Box::new(|s| {
                s.take_next_queued();
            }),
            Box::new(move |s| {
                let page = posts_page(vec![
                    wire("x2", "u-ann", t + 2_000, "before"),
                    wire("b4", "u-ann", t + 4_000, "the answer got lost"),
                ]);
                s.apply_catch_up("c1", page, true);
            }),
            Box::new(move |s| {
                s.apply_sent_post(WirePost {
                    pending_post_id: "u-ann:3".into(),
                    ..wire("b4", "u-ann", t + 4_000, "the answer got lost")
                });
            }),
        ];
        for (n, step) in steps.iter().enumerate() {
            store.update(|s| step(s));
            if settle_between & (1 << n) != 0 {
                settle().await;
            }
        }
        settle().await;
        assert_eq!(
            shown_post_ids(&root),
            ["s1", "x2", "b4"],
            "settling after steps {settle_between:04b}"
        );
    }
}

/// Whatever the order of sends, their answers, refusals of the network, catch-up pages, the "New
/// messages" line and the "Load older" button, the list shows the posts held, in order.
#[wasm_bindgen_test]
async fn the_list_shows_the_posts_held_whatever_the_order_of_sends_answers_and_pages() {
    use brisk::components::post_list::PostList;
    let mut seed: u64 = 0x9e3779b97f4a7c15;
    let mut next = move |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    let t = 1_700_000_000_000i64;
    for round in 0..30 {
        let (root, store, _mounted) = mount_signed_in(
            move |s| {
                s.apply_newest_page(
                    "c1",
                    posts_page(vec![wire("s0", "u-bob", t, "first")]),
                    true,
                );
                s.open_channel_id = Some("c1".into());
            },
            || view! { <PostList channel_id="c1".to_string()/> },
        );
        settle().await;
        let mut local: Vec<String> = vec![];
        for step in 0..12 {
            let op = next(7);
            let at = t + 1_000 * (1 + next(20) as i64);
            let user = if next(2) == 0 { "u-ann" } else { "u-bob" };
            store.update(|s| match op {
                0 => {
                    let id = format!("u-ann:{at}");
                    local.push(id.clone());
                    s.add_outgoing_post(
                        WirePost {
                            pending_post_id: id.clone(),
                            ..wire(&id, "u-ann", at, "mine")
                        },
                        next(2) == 0,
                    );
                }
                1 => {
                    s.take_next_queued();
                }
                2 => {
                    let n = 1 + next(3);
                    let posts = (0..n)
                        .map(|k| {
                            wire(
                                &format!("p{}", at + k as i64),
                                user,
                                at + k as i64 * 7,
                                "theirs",
                            )
                        })
                        .collect();
                    s.apply_catch_up("c1", posts_page(posts), next(3) != 0);
                }
                3 => {
                    if let Some(id) = local.pop() {
                        let at = id.rsplit(':').next().unwrap().parse::<i64>().unwrap();
                        s.apply_sent_post(WirePost {
                            pending_post_id: id.clone(),
                            ..wire(&format!("srv{at}"), "u-ann", at + 5, "mine")
                        });
                    }
                }
                4 => {
                    s.new_messages_after = if next(2) == 0 { None } else { Some(at) };
                }
                5 => {
                    if let Some(held) = s.posts.get_mut("c1") {
                        held.older_may_exist = !held.older_may_exist;
                    }
                }
                _ => {
                    if let Some(id) = local.last() {
                        s.wait_for_network("c1", id);
                    }
                }
            });
            if next(2) == 0 {
                settle().await;
                let expected: Vec<String> = store.with_untracked(|s| {
                    s.channel_posts("c1")
                        .map(|p| p.roots().map(|e| e.post.id.clone()).collect())
                        .unwrap_or_default()
                });
                assert_eq!(shown_post_ids(&root), expected, "round {round} step {step}");
            }
        }
    }
}
