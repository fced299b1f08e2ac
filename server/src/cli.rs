//! The `dealflow` command line: `serve` (default), `migrate`, `create-admin`,
//! `reset-password`, `workflows export|import`, and the generated data.
use crate::config::{ServeConfig, StorageConfig};
use crate::serve::{open_store, serve};
use app::auth::password;
use app::domain::account::{DisplayName, EmailAddress, NewPassword, Role};
use app::domain::currency::Currency;
use app::store::users::NewUser;
use app::store::Store;
use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "dealflow",
    version,
    about = "Dealflow, the open-source CRM for sales pipelines"
)]
struct Cli {
    #[command(flatten)]
    storage: StorageConfig,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the web app (the default).
    Serve(ServeConfig),
    /// Bring the database schema up to date, then exit.
    Migrate,
    /// Fill the workspace with demo data: a sales team, 3 pipelines, ~300 deals over a year.
    SeedDemo,
    /// Add a pipeline with many deals, for measuring the board.
    SeedBench {
        #[arg(long, default_value_t = 100_000)]
        deals: usize,
    },
    /// Create an admin, or make an existing user an active admin with a new password.
    /// The password is read from DEALFLOW_ADMIN_PASSWORD or, if unset, from standard input.
    CreateAdmin {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// Business name, used when the database has no workspace yet.
        #[arg(long, default_value = "My business")]
        business: String,
        /// ISO 4217 currency, used when the database has no workspace yet.
        #[arg(long, default_value = "USD")]
        currency: String,
    },
    /// Give a user a new temporary password, printed once, that they must change at their
    /// next sign-in; their sessions end. For when no admin can sign in to do it.
    ResetPassword {
        #[arg(long)]
        email: String,
    },
    /// Export a workflow to a JSON file, or import one.
    Workflows {
        #[command(subcommand)]
        command: crate::workflow_files::WorkflowCommand,
    },
}

pub fn run() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    // At least 4 workers: Leptos SSR can leave a page's render waiting forever on
    // runtimes with very few workers (leptos-rs/leptos#4647; our HTTP tests hung on a
    // single-threaded runtime about once in 25 runs, never in 70 with 4 workers).
    let workers = std::thread::available_parallelism().map_or(4, |n| n.get().max(4));
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(err) => {
            eprintln!("error: cannot start the async runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async move {
        match cli.command {
            None => serve(cli.storage, ServeConfig::parse_defaults()).await,
            Some(Command::Serve(config)) => serve(cli.storage, config).await,
            Some(Command::Migrate) => {
                open_store(&cli.storage).await?;
                println!(
                    "The database at {} is up to date.",
                    app::store::connect::host_of(&cli.storage.database_url())
                );
                Ok(())
            }
            Some(Command::SeedDemo) => {
                let store = open_store(&cli.storage).await?;
                let admin = workspace_admin(&store).await?;
                let summary = app::seed::seed_demo(&store, admin)
                    .await
                    .map_err(|e| e.to_string())?;
                println!(
                    "Demo data added: {} pipelines, {} deals, {} contacts at {} companies, {} activities, and a sales team of 4.",
                    summary.pipelines, summary.deals, summary.contacts, summary.companies, summary.activities
                );
                Ok(())
            }
            Some(Command::SeedBench { deals }) => {
                let store = open_store(&cli.storage).await?;
                let admin = workspace_admin(&store).await?;
                let started = std::time::Instant::now();
                let pipeline = app::seed::seed_bench(&store, admin, deals, |done| {
                    eprint!("\r{done} of {deals} deals");
                })
                .await
                .map_err(|e| e.to_string())?;
                let seconds = started.elapsed().as_secs_f64();
                println!(
                    "\nPipeline \"{}\" has {deals} deals ({seconds:.1} s, {:.0} deals/s).",
                    pipeline.name,
                    deals as f64 / seconds
                );
                Ok(())
            }
            Some(Command::CreateAdmin {
                email,
                name,
                business,
                currency,
            }) => {
                let store = open_store(&cli.storage).await?;
                create_admin(&store, &email, &name, &business, &currency).await
            }
            Some(Command::ResetPassword { email }) => {
                let store = open_store(&cli.storage).await?;
                reset_password(&store, &email).await
            }
            Some(Command::Workflows { command }) => {
                let store = open_store(&cli.storage).await?;
                crate::workflow_files::run(&store, command).await
            }
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

impl ServeConfig {
    /// `dealflow` with no subcommand serves with flags from the environment.
    fn parse_defaults() -> ServeConfig {
        #[derive(Parser)]
        struct Only {
            #[command(flatten)]
            serve: ServeConfig,
        }
        Only::parse_from(["dealflow"]).serve
    }
}

/// The first admin (the earliest added who is still an active admin), whom generated data
/// and imported workflows are recorded under; there must be a workspace already.
pub(crate) async fn workspace_admin(store: &Store) -> Result<app::domain::account::UserId, String> {
    let users = store.users().await.map_err(|e| e.to_string())?;
    users
        .into_iter()
        .filter(|u| u.active && u.role == Role::Admin)
        .map(|u| u.id)
        .min_by_key(|id| id.0)
        .ok_or_else(|| {
            "This database has no workspace yet. Create it first (open Dealflow in a browser, or run `dealflow create-admin`), then run this again.".to_string()
        })
}

fn read_password() -> Result<String, String> {
    if let Ok(password) = std::env::var("DEALFLOW_ADMIN_PASSWORD") {
        return Ok(password);
    }
    eprintln!("Password for the admin (at least 10 characters), then Enter:");
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .map_err(|e| format!("cannot read the password: {e}"))?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

async fn create_admin(
    store: &Store,
    email: &str,
    name: &str,
    business: &str,
    currency: &str,
) -> Result<(), String> {
    let email = EmailAddress::parse(email).map_err(|e| e.to_string())?;
    let name = DisplayName::parse(name).map_err(|e| e.to_string())?;
    let new_password = NewPassword::parse(&read_password()?).map_err(|e| e.to_string())?;
    let password_hash = password::hash(new_password.expose().to_string()).await?;
    if let Some((user, _)) = store
        .user_with_password(&email)
        .await
        .map_err(|e| e.to_string())?
    {
        store
            .set_user_access(user.id, Role::Admin, false)
            .await
            .map_err(|e| e.to_string())?;
        store
            .set_user_active(user.id, true)
            .await
            .map_err(|e| e.to_string())?;
        store
            .set_password(user.id, &password_hash, false)
            .await
            .map_err(|e| e.to_string())?;
        println!(
            "{} is now an active admin with the new password.",
            user.email
        );
        return Ok(());
    }
    let admin = NewUser {
        name,
        email,
        password_hash,
        role: Role::Admin,
        only_assigned_data: false,
        must_change_password: false,
    };
    let user = if store
        .workspace()
        .await
        .map_err(|e| e.to_string())?
        .is_none()
    {
        let business = DisplayName::parse(business).map_err(|e| e.to_string())?;
        let currency = Currency::parse(currency).map_err(|e| e.to_string())?;
        store.create_workspace(&business, currency, &admin).await
    } else {
        store.create_user(&admin).await
    }
    .map_err(|e| e.to_string())?;
    println!(
        "Admin {} created. Sign in at the Dealflow address.",
        user.email
    );
    Ok(())
}

/// Prints a new temporary password for the user with `email`; the reset is recorded as
/// done by an operator.
async fn reset_password(store: &Store, email: &str) -> Result<(), String> {
    let email = EmailAddress::parse(email).map_err(|e| e.to_string())?;
    let Some((user, _)) = store
        .user_with_password(&email)
        .await
        .map_err(|e| e.to_string())?
    else {
        return Err(format!(
            "No user has the email {email}. Check the address, or add an admin with `dealflow create-admin`."
        ));
    };
    let (temporary, hash) = password::temporary().await?;
    store
        .reset_password(user.id, &hash, None)
        .await
        .map_err(|e| e.to_string())?;
    println!("Temporary password for {}: {temporary}", user.email);
    println!("It is shown only this once. {} was signed out everywhere and must choose a new password at the next sign-in.", user.name);
    if !user.active {
        println!("The account is deactivated: an admin must reactivate it, or run `dealflow create-admin --email {} --name …` to make it an active admin.", user.email);
    }
    Ok(())
}
