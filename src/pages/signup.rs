//! `/signup_user_complete/?id=<invite_id>`: the invite link. A newcomer sees the team they are
//! joining and a short form; on success they are signed in and land in its town square. Someone
//! already signed in joins the team straight away.

use brisk_model::{CreateUserRequest, Team};
use leptos::ev::SubmitEvent;
use leptos::html::Input;
use leptos::prelude::*;

use crate::actions;
use crate::actions::ApiError;
use crate::async_state::{AsyncAction, AsyncValue};
use crate::components::form_field::TextField;
use crate::components::lazy_view::{lazy_view, LazyView};
use crate::pages::login::login_path;
use crate::router;
use crate::state::{effect, use_store};
use crate::validation::{email_problem, password_problem, username_problem};

/// Which field a server refusal is about, so it is shown next to that field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignupField {
    Email,
    Username,
    Password,
    Form,
}

/// Maps Mattermost's error ids for a refused sign-up to the field at fault.
pub fn field_of_error(error_id: &str) -> SignupField {
    if error_id.contains("email") {
        SignupField::Email
    } else if error_id.contains("username") {
        SignupField::Username
    } else if error_id.contains("pwd") || error_id.contains("password") {
        SignupField::Password
    } else {
        SignupField::Form
    }
}

#[component]
pub fn SignupPage() -> impl IntoView {
    let invite_id = router::page_parameter(|| router::query_value("id"), String::new());
    // The page's code is a chunk of its own (most visits never need it); start.js fetches its
    // files beside the main wasm when the address is an invite link (xtask/src/split.rs).
    view! {
        <main class="login-page">
            <LazyView view=invitation(invite_id)/>
        </main>
    }
}

lazy_view! {
    /// What an invite link shows once the invitation is looked up: the sign-up form, the team
    /// being joined by someone signed in already, or why the link does not work.
    fn invitation(invite_id: Memo<String>) {
        // The invite's team, and who is signed in already (if anyone).
        let invite = AsyncValue::new(move || {
            let invite_id = invite_id.get();
            async move { actions::teams::invitation(&invite_id).await }
        });
        move || match invite.get() {
            None => view! { <p>"Loading the invitation…"</p> }.into_any(),
            Some(Err(error)) => view! { <InvalidInvite error/> }.into_any(),
            Some(Ok((team, Some(_)))) => {
                view! { <JoinAsSignedIn team invite_id=invite_id.get_untracked()/> }.into_any()
            }
            Some(Ok((team, None))) => {
                view! { <SignupForm team invite_id=invite_id.get_untracked()/> }.into_any()
            }
        }
    }
}

#[component]
fn InvalidInvite(error: ApiError) -> impl IntoView {
    let message = match error.status() {
        Some(400 | 403 | 404) => {
            "This invite link is not valid any more. Ask whoever sent it for a new one.".to_string()
        }
        _ => error.user_message(),
    };
    view! {
        <div class="login-form">
            <h1>"Invitation"</h1>
            <p role="alert" class="form-error">{message}</p>
            <a href="/login">"Go to the login page"</a>
        </div>
    }
}

/// Someone signed in opened an invite link: they join the team and go there.
#[component]
fn JoinAsSignedIn(team: Team, invite_id: String) -> impl IntoView {
    let store = use_store();
    let join = AsyncAction::new(move |invite_id: &String| {
        let invite_id = invite_id.clone();
        async move { actions::teams::join_by_invite(store, &invite_id).await }
    });
    join.dispatch(invite_id.clone());
    let team_name = team.name.clone();
    effect(move || {
        if let Some(Ok(())) = join.value().get() {
            router::navigate_replacing(&router::town_square_path(&team_name));
        }
    });
    let failure = move || {
        join.value()
            .with(|v| v.as_ref()?.as_ref().err().map(ApiError::user_message))
    };
    view! {
        <div class="login-form">
            <h1>{format!("Joining {}…", team.display_name)}</h1>
            {move || failure().map(|message| view! {
                <p role="alert" class="form-error">{message}</p>
                <button type="button" on:click={
                    let invite_id = invite_id.clone();
                    move |_| { join.dispatch(invite_id.clone()); }
                }>"Try again"</button>
            })}
        </div>
    }
}

#[component]
fn SignupForm(team: Team, invite_id: String) -> impl IntoView {
    let store = use_store();
    crate::components::lazy_view::preload_for_the_team_page();
    let email = RwSignal::new(String::new());
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    // Problems show once the newcomer has tried to submit, then follow their typing.
    let tried = RwSignal::new(false);
    let refused = RwSignal::new(None::<(SignupField, String)>);
    let refusal_for = move |field: SignupField| {
        refused.with(|r| {
            r.as_ref()
                .filter(|(f, _)| *f == field)
                .map(|(_, m)| m.clone())
        })
    };
    let email_shown = Signal::derive(move || {
        let local = tried.get().then(|| email_problem(&email.get())).flatten();
        local.or_else(|| refusal_for(SignupField::Email))
    });
    let username_shown = Signal::derive(move || {
        let local = tried
            .get()
            .then(|| username_problem(&username.get()))
            .flatten();
        local.or_else(|| refusal_for(SignupField::Username))
    });
    let password_shown = Signal::derive(move || {
        let local = tried
            .get()
            .then(|| password_problem(&password.get()))
            .flatten();
        local.or_else(|| refusal_for(SignupField::Password))
    });
    let fields = [NodeRef::<Input>::new(), NodeRef::new(), NodeRef::new()];
    // Someone with an account logs in and comes back here, which then joins them to the team.
    let login_link = login_path(&format!(
        "/signup_user_complete/?id={}",
        String::from(js_sys::encode_uri_component(&invite_id))
    ));

    let create = AsyncAction::new(move |(invite_id, request): &(String, CreateUserRequest)| {
        let (invite_id, request) = (invite_id.clone(), request.clone());
        async move { actions::session::sign_up_from_invite(store, &request, &invite_id).await }
    });
    let team_name = team.name.clone();
    effect(move || match create.value().get() {
        Some(Ok(())) => router::navigate(&router::town_square_path(&team_name)),
        Some(Err(ApiError::Server(error))) => refused.set(Some((
            field_of_error(&error.id),
            ApiError::Server(error).user_message(),
        ))),
        Some(Err(error)) => refused.set(Some((SignupField::Form, error.user_message()))),
        None => {}
    });

    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        if create.pending_untracked() {
            return;
        }
        tried.set(true);
        refused.set(None);
        let problems = [
            email_problem(&email.get_untracked()),
            username_problem(&username.get_untracked()),
            password_problem(&password.get_untracked()),
        ];
        if let Some(first) = problems.iter().position(Option::is_some) {
            if let Some(input) = fields[first].get_untracked() {
                let _ = input.focus();
            }
            return;
        }
        let request = CreateUserRequest {
            email: email.get_untracked().trim().to_string(),
            username: username.get_untracked().trim().to_string(),
            password: password.get_untracked(),
            ..CreateUserRequest::default()
        };
        create.dispatch((invite_id.clone(), request));
    };

    let form_problem = move || refusal_for(SignupField::Form);

    view! {
        <form class="login-form signup-form" on:submit=on_submit novalidate>
            <h1>{format!("Join {}", team.display_name)}</h1>
            {(!team.description.is_empty()).then(|| view! { <p class="signup-team-description">{team.description.clone()}</p> })}
            <p class="signup-intro">"Create your account: it takes a moment."</p>
            <TextField id="signup-email" label="Email" value=email problem=email_shown
                input_type="email" autocomplete="email" autofocus=true node_ref=fields[0]/>
            <TextField id="signup-username" label="Username" value=username problem=username_shown
                autocomplete="username" node_ref=fields[1]
                hint="Lowercase letters, numbers, “.”, “-” and “_”; 3 to 22 characters."/>
            <TextField id="signup-password" label="Password" value=password problem=password_shown
                input_type="password" autocomplete="new-password" node_ref=fields[2]
                hint="At least 8 characters."/>
            {move || form_problem().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
            <button type="submit" disabled=move || create.pending()>
                {move || if create.pending() { "Creating your account…" } else { "Create account" }}
            </button>
            <p class="signup-login">"Already have an account? " <a href=login_link>"Log in"</a></p>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_sign_up_points_at_the_field_at_fault() {
        assert_eq!(
            field_of_error("app.user.save.email_exists.app_error"),
            SignupField::Email
        );
        assert_eq!(
            field_of_error("app.user.save.username_exists.app_error"),
            SignupField::Username
        );
        assert_eq!(
            field_of_error("model.user.is_valid.username.app_error"),
            SignupField::Username
        );
        assert_eq!(
            field_of_error("model.user.is_valid.pwd_min_length.app_error"),
            SignupField::Password
        );
        assert_eq!(
            field_of_error("app.team.get_by_invite_id.finding.app_error"),
            SignupField::Form
        );
    }
}
