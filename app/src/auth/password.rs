//! Argon2id password hashing, run off the async threads because it is slow on purpose.
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;

/// Hashes a password as an Argon2id PHC string.
pub async fn hash(password: String) -> Result<String, String> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| e.to_string())
    })
    .await
    .map_err(|e| e.to_string())?
}

/// Letters and digits that cannot be mistaken for one another when read out or copied
/// by hand (no 0/o, 1/l/i).
const TEMPORARY_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";

/// A new temporary password, such as `k7pm-3xqa-9fte-wu4c` (about 79 bits), and its
/// hash. It is shown once to whoever set it and never stored in the clear.
pub async fn temporary() -> Result<(String, String), String> {
    use rand::Rng;
    let mut rng = rand::rngs::OsRng;
    let groups: Vec<String> = (0..4)
        .map(|_| {
            (0..4)
                .map(|_| char::from(TEMPORARY_ALPHABET[rng.gen_range(0..TEMPORARY_ALPHABET.len())]))
                .collect()
        })
        .collect();
    let password = groups.join("-");
    let hash = hash(password.clone()).await?;
    Ok((password, hash))
}

/// Checks a password against a stored hash. With no hash (unknown email) it still
/// spends the same time, so response times do not reveal which emails exist.
pub async fn verify(password: String, stored: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || {
        let argon = Argon2::default();
        match stored.as_deref().map(PasswordHash::new) {
            Some(Ok(parsed)) => argon.verify_password(password.as_bytes(), &parsed).is_ok(),
            _ => {
                let salt = SaltString::generate(&mut OsRng);
                let _ = argon.hash_password(password.as_bytes(), &salt);
                false
            }
        }
    })
    .await
    .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn a_hash_accepts_its_password_only() {
        let stored = super::hash("correct horse battery".into()).await.unwrap();
        assert!(stored.starts_with("$argon2id$"));
        assert!(super::verify("correct horse battery".into(), Some(stored.clone())).await);
        assert!(!super::verify("wrong horse battery".into(), Some(stored)).await);
        assert!(!super::verify("anything".into(), None).await);
    }

    #[tokio::test]
    async fn a_temporary_password_meets_the_policy_and_matches_its_hash() {
        let (password, hash) = super::temporary().await.unwrap();
        assert_eq!(password.len(), 19);
        assert!(crate::domain::account::NewPassword::parse(&password).is_ok());
        assert!(super::verify(password.clone(), Some(hash)).await);
        assert_ne!(password, super::temporary().await.unwrap().0);
    }
}
