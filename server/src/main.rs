//! `dealflow`: serve the app, migrate the database, or create an admin.
fn main() -> std::process::ExitCode {
    server::cli::run()
}
