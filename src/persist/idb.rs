//! The device's database (IndexedDB) as a few awaitable calls: its records are text (JSON) under
//! text keys, in the object stores `STORES`. A new version drops every record of the old one
//! (IndexedDB's upgrade), so data of another shape is never read, except the outbox's: posts
//! waiting for the network are the user's words, not a copy of the server's, so that store is
//! carried over and its records keep their shape from version to version (`persist::outbox`
//! adds fields only with defaults). One connection is kept open
//! (opened once for every caller) and is closed as soon as another tab upgrades or deletes the
//! database.

use std::cell::RefCell;

use js_sys::{Array, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    IdbDatabase, IdbFactory, IdbOpenDbRequest, IdbRequest, IdbTransaction, IdbTransactionMode,
};

/// brisk's database.
pub const DEVICE: Database = Database {
    name: "brisk",
    version: 1,
};
/// The store's snapshot without its posts (one record, `SESSION_KEY`).
pub const SESSION: &str = "session";
/// The posts of recently read channels, one record per channel, by channel id.
pub const CHANNELS: &str = "channels";
/// Posts waiting for the network or refused, by `pending_post_id`: kept across versions.
pub const OUTBOX: &str = "outbox";
const STORES: [&str; 3] = [SESSION, CHANNELS, OUTBOX];

/// A database of the browser's, with the stores `STORES`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Database {
    pub name: &'static str,
    /// The shape of what is stored: raising it drops everything stored under an older one but
    /// the outbox.
    pub version: u32,
}

/// A connection being opened, or open.
#[derive(Clone)]
struct Connection {
    database: Database,
    request: IdbOpenDbRequest,
    opened: Promise,
}

thread_local! {
    /// The connection being opened, or open: one for every caller.
    static CONNECTION: RefCell<Option<Connection>> = const { RefCell::new(None) };
}

/// One change to a record, applied with the others of a `write` at once or not at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    Put {
        store: &'static str,
        key: String,
        value: String,
    },
    Delete {
        store: &'static str,
        key: String,
    },
    Clear(&'static str),
}

impl Change {
    fn store(&self) -> &'static str {
        match self {
            Change::Put { store, .. } | Change::Delete { store, .. } | Change::Clear(store) => {
                store
            }
        }
    }
}

fn factory() -> Result<IdbFactory, JsValue> {
    web_sys::window()
        .ok_or(JsValue::NULL)?
        .indexed_db()?
        .ok_or(JsValue::NULL)
}

/// Waits for a request's answer (its `result`).
async fn answer(request: &IdbRequest) -> Result<JsValue, JsValue> {
    let done = Promise::new(&mut |resolve, reject| {
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&reject));
    });
    JsFuture::from(done).await?;
    request.result()
}

/// Waits until a transaction is committed (an error or abort rejects).
async fn committed(transaction: &IdbTransaction) -> Result<(), JsValue> {
    let done = Promise::new(&mut |resolve, reject| {
        transaction.set_oncomplete(Some(&resolve));
        transaction.set_onerror(Some(&reject));
        transaction.set_onabort(Some(&reject));
    });
    JsFuture::from(done).await.map(drop)
}

/// Closes this tab's connection (one still opening closes when the database is deleted).
fn close_connection() {
    if let Some(connection) = CONNECTION.take() {
        if let Ok(database) = connection.request.result() {
            database.unchecked_into::<IdbDatabase>().close();
        }
    }
}

impl Database {
    async fn connection(self) -> Result<IdbDatabase, JsValue> {
        let open = CONNECTION.with_borrow(Clone::clone);
        let connection = match open {
            Some(connection) if connection.database == self => connection,
            _ => {
                close_connection();
                let connection = self.open()?;
                CONNECTION.set(Some(connection.clone()));
                connection
            }
        };
        if let Err(error) = JsFuture::from(connection.opened).await {
            CONNECTION.take();
            return Err(error);
        }
        connection.request.result().map(JsCast::unchecked_into)
    }

    /// Starts opening the database; the promise is settled once it is open.
    fn open(self) -> Result<Connection, JsValue> {
        let request = factory()?.open_with_u32(self.name, self.version)?;
        let upgrading = request.clone();
        // Runs when the database is new or of another version: whatever an older version stored
        // is dropped with its stores, but the outbox.
        let upgrade = Closure::once_into_js(move || {
            let Ok(database) = upgrading.result() else {
                return;
            };
            let database: IdbDatabase = database.unchecked_into();
            let names = database.object_store_names();
            let old: Vec<String> = (0..names.length()).filter_map(|i| names.item(i)).collect();
            for name in old.iter().filter(|name| *name != OUTBOX) {
                let _ = database.delete_object_store(name);
            }
            for name in STORES {
                if name != OUTBOX || !old.iter().any(|old| old == OUTBOX) {
                    let _ = database.create_object_store(name);
                }
            }
        });
        request.set_onupgradeneeded(Some(upgrade.unchecked_ref()));
        let opened = Promise::new(&mut |resolve, reject| {
            let opening = request.clone();
            let on_open = Closure::once_into_js(move || {
                if let Ok(database) = opening.result() {
                    let database: IdbDatabase = database.unchecked_into();
                    // Another tab deleting (logout) or upgrading the database waits for this
                    // connection to close.
                    let closing = database.clone();
                    let close = Closure::<dyn Fn()>::new(move || {
                        closing.close();
                        CONNECTION.take();
                    });
                    database.set_onversionchange(Some(close.into_js_value().unchecked_ref()));
                }
                let _ = resolve.call0(&JsValue::NULL);
            });
            request.set_onsuccess(Some(on_open.unchecked_ref()));
            request.set_onerror(Some(&reject));
        });
        Ok(Connection {
            database: self,
            request,
            opened,
        })
    }

    /// Whether the database is on this device, found without opening it (opening creates it: a
    /// visitor who never signed in is left without one). A browser without
    /// `indexedDB.databases()` is taken to hold it.
    pub async fn exists(self) -> bool {
        let Ok(factory) = factory() else {
            return false;
        };
        let listed = js_sys::Reflect::get(&factory, &"databases".into())
            .ok()
            .and_then(|databases| databases.dyn_into::<js_sys::Function>().ok())
            .and_then(|databases| databases.call0(&factory).ok())
            .and_then(|promise| promise.dyn_into::<Promise>().ok());
        let Some(listed) = listed else {
            return true;
        };
        let Ok(databases) = JsFuture::from(listed).await else {
            return true;
        };
        Array::from(&databases).iter().any(|database| {
            js_sys::Reflect::get(&database, &"name".into())
                .ok()
                .and_then(|name| name.as_string())
                .is_some_and(|name| name == self.name)
        })
    }

    /// The record under `key` in `store`, if any.
    pub async fn get(self, store: &str, key: &str) -> Result<Option<String>, JsValue> {
        let transaction = self.connection().await?.transaction_with_str(store)?;
        let request = transaction.object_store(store)?.get(&key.into())?;
        Ok(answer(&request).await?.as_string())
    }

    /// Every record in `store`, in the order of their keys.
    pub async fn get_all(self, store: &str) -> Result<Vec<String>, JsValue> {
        let transaction = self.connection().await?.transaction_with_str(store)?;
        let request = transaction.object_store(store)?.get_all()?;
        let records: Array = answer(&request).await?.unchecked_into();
        Ok(records
            .iter()
            .filter_map(|value| value.as_string())
            .collect())
    }

    /// Applies `changes` in one transaction: all of them, or none if one fails.
    pub async fn write(self, changes: &[Change]) -> Result<(), JsValue> {
        let mut stores: Vec<&str> = changes.iter().map(Change::store).collect();
        stores.sort_unstable();
        stores.dedup();
        if stores.is_empty() {
            return Ok(());
        }
        let scope: Array = stores.iter().map(|name| JsValue::from_str(name)).collect();
        let transaction = self
            .connection()
            .await?
            .transaction_with_str_sequence_and_mode(&scope, IdbTransactionMode::Readwrite)?;
        for change in changes {
            let store = transaction.object_store(change.store())?;
            match change {
                Change::Put { key, value, .. } => store.put_with_key(&value.into(), &key.into())?,
                Change::Delete { key, .. } => store.delete(&key.into())?,
                Change::Clear(_) => store.clear()?,
            };
        }
        committed(&transaction).await
    }

    /// Deletes the database and everything in it (this tab's connection is closed first; other
    /// tabs close theirs when asked).
    pub async fn erase(self) -> Result<(), JsValue> {
        close_connection();
        let request = factory()?.delete_database(self.name)?;
        answer(&request).await.map(drop)
    }
}
