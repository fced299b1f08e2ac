use crate::api::usage::Removal;
use crate::api::users::{list_users, AddUser, ResetUserPassword, SetUserActive, UpdateUserAccess};
use crate::domain::account::{Role, TeamMember, User, UserId, PASSWORD_HINT};
use crate::ui::components::dialog::{ask_usage, needs_warning, ConfirmUsedRemoval, PendingRemoval};
use crate::ui::components::forms::{
    action_error, reset_after_success, Field, FieldKind, FormError,
};
use crate::ui::components::shell::{Permitted, PermittedUser, Toast};
use crate::ui::components::users::ResetPasswordDialog;
use crate::ui::unsaved::ask_before_leaving_while;
use leptos::prelude::*;
use leptos_meta::Title;

const FIELDS: &[&str] = &["name", "email", "role", "temporary_password"];

/// Admins add people, set their role and visibility, reset their passwords, and
/// deactivate them.
#[component]
pub fn UsersPage() -> impl IntoView {
    view! {
        <Title text="Users" />
        <Permitted
            allowed=Role::can_manage_users
            title="Users"
            reason="Only admins add people, change their role or access, and deactivate them. Ask an admin of your workspace for a change here."
        >
            <UsersScreen />
        </Permitted>
    }
}

#[component]
fn UsersScreen() -> impl IntoView {
    let add = ServerAction::<AddUser>::new();
    let update = ServerAction::<UpdateUserAccess>::new();
    let set_active = ServerAction::<SetUserActive>::new();
    let reset = ServerAction::<ResetUserPassword>::new();
    ask_before_leaving_while(move || add.pending().get());
    ask_before_leaving_while(move || update.pending().get());
    ask_before_leaving_while(move || set_active.pending().get());
    ask_before_leaving_while(move || reset.pending().get());
    let resetting = RwSignal::new(None::<User>);
    let deactivating = RwSignal::new(None::<PendingRemoval>);
    let me = use_context::<PermittedUser>().map(|u| u.0.id);
    let users = Resource::new(
        move || {
            (
                add.version().get(),
                update.version().get(),
                set_active.version().get(),
                reset.version().get(),
            )
        },
        |_| list_users(),
    );
    Effect::new(move |_| {
        if let Some(Ok(user)) = add.value().get() {
            Toast::success(format!(
                "{} was added. Share the temporary password with them; they choose their own at first sign-in.",
                user.name
            ));
        }
    });
    Effect::new(move |_| match update.value().get() {
        Some(Ok(user)) => {
            Toast::success(format!("{} is now {}.", user.name, access_summary(&user)))
        }
        Some(Err(err)) => Toast::error(err.to_string()),
        None => {}
    });
    Effect::new(move |_| match set_active.value().get() {
        Some(Ok(user)) if user.active => {
            Toast::success(format!("{} can sign in again.", user.name))
        }
        Some(Ok(user)) => Toast::success(format!(
            "{} is deactivated and was signed out everywhere.",
            user.name
        )),
        Some(Err(err)) => Toast::error(err.to_string()),
        None => {}
    });

    view! {
        <header class="page-header">
            <h1>"Users"</h1>
            <p class="lead">"The people who can sign in to this workspace."</p>
        </header>
        <div class="stack">
            <section class="card" aria-labelledby="team-heading">
                <h2 id="team-heading">"Team"</h2>
                <Transition fallback=|| view! { <div class="table-placeholder" aria-busy="true"></div> }>
                    {move || Suspend::new(async move {
                        match users.await {
                            Ok(list) => {
                                view! { <UserTable users=list me update set_active resetting deactivating /> }.into_any()
                            }
                            Err(err) => view! { <p class="form-error" role="alert">{err.to_string()}</p> }.into_any(),
                        }
                    })}
                </Transition>
            </section>
            <section class="card" aria-labelledby="add-heading">
                <h2 id="add-heading">"Add user"</h2>
                <AddUserForm add />
            </section>
        </div>
        <ResetPasswordDialog user=resetting reset />
        <ConfirmUsedRemoval
            id="deactivate-user"
            pending=deactivating
            confirm_label="Deactivate"
            on_confirm=move |removal: PendingRemoval| {
                set_active.dispatch(SetUserActive { id: removal.id, active: false });
            }
        />
    }
}

fn access_summary(user: &User) -> String {
    let scope = if user.only_assigned_data {
        "only their assigned data"
    } else {
        "all data"
    };
    format!("{} with {scope}", user.role.label())
}

#[component]
fn AddUserForm(add: ServerAction<AddUser>) -> impl IntoView {
    let errors = action_error(add);
    let form = NodeRef::new();
    reset_after_success(add, form);
    view! {
        <ActionForm action=add node_ref=form attr:class="form">
            <FormError errors fields=FIELDS />
            <div class="form-grid">
                <Field label="Name" name="name" autocomplete="off" error=errors.field("name") />
                <Field label="Email" name="email" kind=FieldKind::Email autocomplete="off" error=errors.field("email") />
                <div class="field">
                    <label for="field-role">"Role"</label>
                    <select id="field-role" name="role">
                        {Role::ALL
                            .into_iter()
                            .map(|role| view! { <option value=role.key() selected=role == Role::User>{role.label()}</option> })
                            .collect_view()}
                    </select>
                    <p class="hint">"Admins manage users and settings; managers configure pipelines; users work their deals."</p>
                </div>
                <Field
                    label="Temporary password"
                    name="temporary_password"
                    kind=FieldKind::Password
                    autocomplete="new-password"
                    hint=PASSWORD_HINT
                    error=errors.field("temporary_password")
                />
            </div>
            <label class="checkbox">
                <input type="checkbox" name="only_assigned_data" />
                <span>"Only assigned data"</span>
            </label>
            <p class="hint">"When on, this user sees only the deals they own or follow."</p>
            <button type="submit" class="button button-primary" disabled=move || add.pending().get()>
                "Add user"
            </button>
        </ActionForm>
    }
}

#[component]
fn UserTable(
    users: Vec<TeamMember>,
    me: Option<UserId>,
    update: ServerAction<UpdateUserAccess>,
    set_active: ServerAction<SetUserActive>,
    resetting: RwSignal<Option<User>>,
    deactivating: RwSignal<Option<PendingRemoval>>,
) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="table table-cards">
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Role"</th>
                        <th scope="col">"Only assigned data"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>
                    {users
                        .into_iter()
                        .map(|member| {
                            let is_me = Some(member.user.id) == me;
                            view! { <UserRow member is_me update set_active resetting deactivating /> }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn UserRow(
    member: TeamMember,
    /// The signed-in admin: they can neither demote, reset nor deactivate themselves.
    is_me: bool,
    update: ServerAction<UpdateUserAccess>,
    set_active: ServerAction<SetUserActive>,
    resetting: RwSignal<Option<User>>,
    /// A deactivation waiting because published workflows name the user.
    deactivating: RwSignal<Option<PendingRemoval>>,
) -> impl IntoView {
    let TeamMember { user, last_reset } = member;
    let id = user.id.0;
    let role = user.role;
    let only_assigned = user.only_assigned_data;
    let active = user.active;
    let name = user.name.clone();
    // Reactivating breaks nothing; deactivating asks first when workflows give them work.
    let toggle = {
        let name = name.clone();
        move |_| {
            if active {
                let name = name.clone();
                leptos::task::spawn_local(async move {
                    let usage = ask_usage(Removal::User, id).await;
                    if needs_warning(&usage) {
                        deactivating.set(Some(PendingRemoval {
                            id,
                            name: name.clone(),
                            title: format!("Deactivate {name}?"),
                            detail: format!(
                                "{name} is signed out everywhere and can no longer sign in."
                            ),
                            usage,
                        }));
                    } else {
                        set_active.dispatch(SetUserActive { id, active: false });
                    }
                });
            } else {
                set_active.dispatch(SetUserActive { id, active: true });
            }
        }
    };
    view! {
        <tr class:inactive=!active>
            <th scope="row">
                <span class="cell-title">{user.name.clone()}</span>
                <span class="cell-sub">{user.email.clone()}</span>
                {last_reset.map(|r| view! { <span class="cell-note">{r.describe()}</span> })}
                {user.must_change_password.then(|| view! { <span class="badge badge-muted">"Temporary password"</span> })}
            </th>
            <td data-label="Role">
                <select
                    aria-label=format!("Role of {name}")
                    disabled=is_me
                    title=is_me.then_some("Another admin can change your role.")
                    on:change=move |ev| {
                        update.dispatch(UpdateUserAccess { id, role: event_target_value(&ev), only_assigned_data: only_assigned });
                    }
                >
                    {Role::ALL
                        .into_iter()
                        .map(|r| view! { <option value=r.key() selected=r == role>{r.label()}</option> })
                        .collect_view()}
                </select>
            </td>
            <td data-label="Only assigned data">
                <input
                    type="checkbox"
                    aria-label=format!("Only assigned data for {name}")
                    checked=only_assigned
                    on:change=move |ev| {
                        update.dispatch(UpdateUserAccess { id, role: role.key().to_string(), only_assigned_data: event_target_checked(&ev) });
                    }
                />
            </td>
            <td data-label="Status">
                {if active {
                    view! { <span class="badge badge-ok">"Active"</span> }.into_any()
                } else {
                    view! { <span class="badge badge-muted">"Deactivated"</span> }.into_any()
                }}
            </td>
            <td class="actions">
                {if is_me {
                    view! { <span class="badge">"You"</span> }.into_any()
                } else {
                    let user = user.clone();
                    view! {
                        <div class="row-actions">
                        <button
                            type="button"
                            class="button button-small"
                            aria-label=format!("Reset password of {name}")
                            on:click=move |_| resetting.set(Some(user.clone()))
                        >
                            "Reset password"
                        </button>
                        <button
                            type="button"
                            class="button button-small"
                            aria-label=format!("{} {name}", if active { "Deactivate" } else { "Reactivate" })
                            on:click=toggle
                        >
                            {if active { "Deactivate" } else { "Reactivate" }}
                        </button>
                        </div>
                    }
                        .into_any()
                }}
            </td>
        </tr>
    }
}
