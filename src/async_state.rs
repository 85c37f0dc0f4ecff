//! The two async shapes the views use: a value loaded by an async function (`AsyncValue`) and
//! an action run on demand (`AsyncAction`). Leptos' `LocalResource` and `Action` build their
//! machinery (the task and its polling, abort channels, wrappers that make futures `Send`,
//! version checks) for each value type, several kilobytes of wasm each; here that machinery is
//! one boxed future spawned on the page's task queue, and what is made per value type is only
//! the signal the answer lands in.

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use leptos::prelude::*;

use crate::state::effect;

/// A run of an async function, its answer already handed to where it goes.
type Run = Pin<Box<dyn Future<Output = ()>>>;

/// Starts a fetch or an action's run (with its input).
type Start = Rc<dyn Fn() -> Run>;
type StartWith<I> = Box<dyn Fn(&I) -> Run>;

/// Numbers the runs of a fetch or an action, so that only the latest one's answer lands.
#[derive(Default)]
struct Latest(Rc<Cell<u64>>);

impl Latest {
    /// `answer` as a run that puts it in `value`, unless a later run started meanwhile.
    fn run<T: 'static>(
        &self,
        answer: impl Future<Output = T> + 'static,
        value: RwSignal<Option<T>, LocalStorage>,
    ) -> Run {
        let this_run = self.0.get() + 1;
        self.0.set(this_run);
        let latest = self.0.clone();
        Box::pin(async move {
            let answer = answer.await;
            if latest.get() == this_run {
                value.try_set(Some(answer));
            }
        })
    }
}

/// A value an async function fetches: `None` until its first answer, fetched again when a
/// signal the function read before its first `.await` changes, or on `refetch`. While a new
/// answer is on its way the last one stays; an answer overtaken by a newer fetch is dropped.
pub struct AsyncValue<T: 'static> {
    value: RwSignal<Option<T>, LocalStorage>,
    refetch: StoredValue<Start, LocalStorage>,
}

impl<T: 'static> Clone for AsyncValue<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: 'static> Copy for AsyncValue<T> {}

impl<T: 'static> AsyncValue<T> {
    pub fn new<F: Future<Output = T> + 'static>(fetch: impl Fn() -> F + 'static) -> Self {
        let value = RwSignal::new_local(None);
        let latest = Latest::default();
        let run = move || latest.run(fetch(), value);
        Self {
            value,
            refetch: fetch_when_read_signals_change(Rc::new(run)),
        }
    }

    /// The answer (tracked).
    pub fn get(&self) -> Option<T>
    where
        T: Clone,
    {
        self.value.get()
    }

    pub fn with<R>(&self, read: impl FnOnce(&Option<T>) -> R) -> R {
        self.value.with(read)
    }

    pub fn with_untracked<R>(&self, read: impl FnOnce(&Option<T>) -> R) -> R {
        self.value.with_untracked(read)
    }

    /// Fetches again, keeping the last answer until the new one is in.
    pub fn refetch(&self) {
        if let Some(run) = self.refetch.try_get_value() {
            leptos::task::spawn_local(untrack(|| run()));
        }
    }
}

/// Starts `run` now and whenever a signal it read (before its future) changes; returns it for
/// `refetch`.
fn fetch_when_read_signals_change(run: Start) -> StoredValue<Start, LocalStorage> {
    let tracked = run.clone();
    effect(move || leptos::task::spawn_local(tracked()));
    StoredValue::new_local(run)
}

/// An async action started with an input (`dispatch`): whether one is on its way (`pending`)
/// and the answer of the latest (`value`; an answer overtaken by a later dispatch is dropped).
pub struct AsyncAction<I: 'static, O: 'static> {
    value: RwSignal<Option<O>, LocalStorage>,
    in_flight: RwSignal<u32>,
    start: StoredValue<StartWith<I>, LocalStorage>,
}

impl<I: 'static, O: 'static> Clone for AsyncAction<I, O> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<I: 'static, O: 'static> Copy for AsyncAction<I, O> {}

impl<I: 'static, O: 'static> AsyncAction<I, O> {
    pub fn new<F: Future<Output = O> + 'static>(act: impl Fn(&I) -> F + 'static) -> Self {
        let value = RwSignal::new_local(None);
        let in_flight = RwSignal::new(0);
        let latest = Latest::default();
        let start = move |input: &I| latest.run(act(input), value);
        Self {
            value,
            in_flight,
            start: StoredValue::new_local(Box::new(start)),
        }
    }

    /// Runs the action with `input`.
    pub fn dispatch(&self, input: I) {
        let Some(run) = self.start.try_with_value(|start| untrack(|| start(&input))) else {
            return;
        };
        run_counted(run, self.in_flight);
    }

    /// Whether a run is on its way (tracked).
    pub fn pending(&self) -> bool {
        self.in_flight.get() > 0
    }

    pub fn pending_untracked(&self) -> bool {
        self.in_flight.get_untracked() > 0
    }

    /// The latest run's answer, once it is in.
    pub fn value(&self) -> ReadSignal<Option<O>, LocalStorage> {
        self.value.read_only()
    }
}

/// Spawns `run`, counted in `in_flight` while it is on its way.
fn run_counted(run: Run, in_flight: RwSignal<u32>) {
    in_flight.update(|n| *n += 1);
    leptos::task::spawn_local(async move {
        run.await;
        in_flight.try_update(|n| *n = n.saturating_sub(1));
    });
}
