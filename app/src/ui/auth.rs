//! The signed-in user as every page and component sees it (provided once by the app).

use leptos::prelude::*;

use crate::domain::AppError;
use crate::domain::user::Me;

/// The signed-in user, shared by every page; `refresh` re-reads it after login or logout.
#[derive(Clone, Copy)]
pub struct Auth {
    pub user: Resource<Result<Option<Me>, AppError>>,
    version: RwSignal<u32>,
}

impl Auth {
    /// Made once, by the `App` component.
    pub(crate) fn new(
        user: Resource<Result<Option<Me>, AppError>>,
        version: RwSignal<u32>,
    ) -> Self {
        Self { user, version }
    }

    pub fn refresh(&self) {
        self.version.update(|v| *v += 1);
    }

    /// The user, once known.
    pub fn me(&self) -> Option<Me> {
        self.user.get().and_then(|r| r.ok()).flatten()
    }
}

/// The app-wide [`Auth`].
pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}
