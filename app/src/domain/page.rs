//! One page of a list that can grow (associations, my exchanges, the moderation queue, an
//! association's members): a fixed number of rows a page, read with `LIMIT`/`OFFSET` over an
//! order that ends with a unique key, so that no answer and no query grows with the list.

use serde::{Deserialize, Serialize};

/// The last page anyone may ask for: past it the answer is empty, and the database never skips
/// an unbounded number of rows.
pub const MAX_PAGE: u32 = 10_000;

/// Rows `page` (counted from 0) of a list, and whether there are more after them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paged<T> {
    pub items: Vec<T>,
    pub page: u32,
    pub more: bool,
}

impl<T> Paged<T> {
    /// Makes a page from rows read with [`window`] (one more than `per_page`, to know whether
    /// there are more).
    pub fn from_rows(mut rows: Vec<T>, page: u32, per_page: u64) -> Self {
        let per_page = usize::try_from(per_page).unwrap_or(usize::MAX);
        let more = rows.len() > per_page;
        rows.truncate(per_page);
        Self {
            items: rows,
            page,
            more,
        }
    }

    /// The same page with other rows (its rows converted by the caller).
    pub fn with_items<U>(self, items: Vec<U>) -> Paged<U> {
        Paged {
            items,
            page: self.page,
            more: self.more,
        }
    }

    /// Converts every row, keeping the page and whether there are more.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Paged<U> {
        Paged {
            items: self.items.into_iter().map(f).collect(),
            page: self.page,
            more: self.more,
        }
    }
}

impl<T> Default for Paged<T> {
    fn default() -> Self {
        Self {
            items: Vec::new(),
            page: 0,
            more: false,
        }
    }
}

/// `(offset, limit)` to read page `page`: one row more than `per_page`, so that
/// [`Paged::from_rows`] knows whether another page follows. Pages past [`MAX_PAGE`] read nothing.
pub fn window(page: u32, per_page: u64) -> (u64, u64) {
    if page > MAX_PAGE {
        return (0, 0);
    }
    (u64::from(page) * per_page, per_page + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_knows_whether_more_follow() {
        let (offset, limit) = window(2, 3);
        assert_eq!((offset, limit), (6, 4));
        let full = Paged::from_rows(vec![1, 2, 3, 4], 2, 3);
        assert_eq!((full.items, full.more), (vec![1, 2, 3], true));
        let last = Paged::from_rows(vec![1, 2], 2, 3);
        assert_eq!((last.items, last.more), (vec![1, 2], false));
        assert_eq!(window(MAX_PAGE + 1, 50), (0, 0));
    }
}
