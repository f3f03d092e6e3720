//! This instance's memory of the logins waiting for their one-time password: which token each
//! session's code is judged against, so that a wrong code costs one statement (the failure
//! recorded, the session checked and touched in it: `Store::record_wrong_code_waiting`) instead
//! of a read before it — one round trip where two took two, the database a hop away.
//!
//! Only ever a hint: a code judged wrong here is recorded by a statement that counts it only if
//! the session is still live and waiting and the token is still the contract's active, unlocked
//! one with the same sealed secret; otherwise, and for every code judged right, the login reads
//! the database as if nothing were remembered. No opened secret is kept (the row's sealed one
//! is opened per request), and the memory is bounded: at [`CAPACITY`] the oldest entry goes.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

use crate::store::TokenRow;

/// Sessions remembered at most. A session gets here only with its contract's right password,
/// so this is many customers at their one-time password at once on one instance; past it the
/// oldest is forgotten (and read from the database again if it sends another code). ~0.4 KB
/// each: under 2 MB.
pub const CAPACITY: usize = 4096;

/// One waiting login: whose, and the token (closed: its secret sealed) its codes are judged by.
#[derive(Debug, Clone)]
pub struct Waiting {
    /// The session's contract.
    pub contract_id: String,
    /// The contract's active token when the session was read, without its opened secret.
    pub token: TokenRow,
}

/// Waiting logins by their session's id hash, forgotten oldest first.
#[derive(Debug)]
pub struct WaitingLogins {
    inner: Mutex<Bounded<Waiting>>,
}

impl Default for WaitingLogins {
    fn default() -> Self {
        Self {
            inner: Mutex::new(Bounded::new(CAPACITY)),
        }
    }
}

impl WaitingLogins {
    /// The login waiting in this session, if remembered.
    pub fn get(&self, id_hash: &str) -> Option<Waiting> {
        self.lock().get(id_hash).cloned()
    }

    /// Remembers a session's login, forgetting the oldest beyond [`CAPACITY`].
    pub fn insert(&self, id_hash: &str, waiting: Waiting) {
        self.lock().insert(id_hash, waiting);
    }

    /// Forgets a session's login (completed, ended, or found changed).
    pub fn remove(&self, id_hash: &str) {
        self.lock().remove(id_hash);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Bounded<Waiting>> {
        // Every entry is only a hint, so a panic elsewhere while it was held leaves nothing
        // wrong to believe: carry on with it.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A map that keeps at most `capacity` entries, forgetting the oldest inserted.
#[derive(Debug)]
struct Bounded<V> {
    capacity: usize,
    by_key: HashMap<String, V>,
    /// Insertion order; may hold keys already removed (skipped when evicting, dropped when it
    /// grows to twice the capacity), so it stays bounded too.
    order: VecDeque<String>,
}

impl<V> Bounded<V> {
    fn new(capacity: usize) -> Self {
        Self {
            capacity,
            by_key: HashMap::new(),
            order: VecDeque::new(),
        }
    }

    fn get(&self, key: &str) -> Option<&V> {
        self.by_key.get(key)
    }

    fn insert(&mut self, key: &str, value: V) {
        if self.by_key.insert(key.to_owned(), value).is_none() {
            self.order.push_back(key.to_owned());
        }
        while self.by_key.len() > self.capacity {
            let Some(oldest) = self.order.pop_front() else {
                break;
            };
            self.by_key.remove(&oldest);
        }
        if self.order.len() > 2 * self.capacity {
            let by_key = &self.by_key;
            self.order.retain(|key| by_key.contains_key(key));
        }
    }

    fn remove(&mut self, key: &str) {
        self.by_key.remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::Bounded;

    #[test]
    fn beyond_its_capacity_the_oldest_goes() {
        let mut map = Bounded::new(3);
        for (i, key) in ["a", "b", "c", "d"].into_iter().enumerate() {
            map.insert(key, i);
        }
        assert_eq!(map.get("a"), None);
        assert_eq!(map.get("d"), Some(&3));
        assert_eq!(map.by_key.len(), 3);
        // Inserting a key again replaces its value and keeps its place.
        map.insert("b", 10);
        map.insert("e", 4);
        assert_eq!(map.get("b"), None);
        assert_eq!(map.get("c"), Some(&2));
    }

    #[test]
    fn removals_do_not_grow_it_without_bound() {
        let mut map = Bounded::new(4);
        for i in 0..10_000 {
            let key = i.to_string();
            map.insert(&key, i);
            map.remove(&key);
        }
        assert!(map.by_key.is_empty());
        assert!(map.order.len() <= 8, "{}", map.order.len());
        map.insert("x", 1);
        assert_eq!(map.get("x"), Some(&1));
    }

    #[test]
    fn a_stranger_filling_it_leaves_it_at_its_capacity() {
        let mut map = Bounded::new(super::CAPACITY);
        for i in 0..5 * super::CAPACITY {
            map.insert(&format!("{i:064x}"), i);
        }
        assert_eq!(map.by_key.len(), super::CAPACITY);
        assert!(map.order.len() <= 2 * super::CAPACITY);
        assert_eq!(
            map.get(&format!("{:064x}", 5 * super::CAPACITY - 1)),
            Some(&(5 * super::CAPACITY - 1))
        );
    }
}
