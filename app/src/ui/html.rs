//! Read-only content written as HTML text and shown with `inner_html`.
//!
//! Why by hand: every `view!` tree is compiled into its own render and hydrate code in the
//! wasm, which every visitor downloads on every first visit, and the client is over its weight
//! goal (issue 19). Long read-only text that reacts only to the language (the accessibility
//! rules) costs one element this way. Measured with `cargo leptos build --release
//! --precompress`: the rules page and a venue's page written as text weighed 2 KB (brotli) less
//! than as views; the rules page costs about 3 KB. Every piece of text and every attribute value
//! goes through `html-escape`, so no typed text can become markup.

/// An HTML fragment being written.
#[derive(Default)]
pub struct Html(String);

impl Html {
    pub fn new() -> Self {
        Self::default()
    }

    /// Opens `tag` with attributes (names are code, never user input; values are escaped).
    pub fn open(&mut self, tag: &str, attrs: &[(&str, &str)]) -> &mut Self {
        self.0.push('<');
        self.0.push_str(tag);
        for (name, value) in attrs {
            self.0.push(' ');
            self.0.push_str(name);
            self.0.push_str("=\"");
            self.0
                .push_str(&html_escape::encode_double_quoted_attribute(value));
            self.0.push('"');
        }
        self.0.push('>');
        self
    }

    pub fn close(&mut self, tag: &str) -> &mut Self {
        self.0.push_str("</");
        self.0.push_str(tag);
        self.0.push('>');
        self
    }

    /// Escaped text.
    pub fn text(&mut self, text: &str) -> &mut Self {
        self.0.push_str(&html_escape::encode_text(text));
        self
    }

    /// `<tag attrs>text</tag>`.
    pub fn el(&mut self, tag: &str, attrs: &[(&str, &str)], text: &str) -> &mut Self {
        self.open(tag, attrs).text(text).close(tag)
    }

    pub fn finish(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attributes_are_escaped() {
        let mut h = Html::new();
        h.el(
            "p",
            &[("title", "a\"b<c")],
            "<script>alert(1)</script> & co",
        );
        assert_eq!(
            h.finish(),
            "<p title=\"a&quot;b&lt;c\">&lt;script&gt;alert(1)&lt;/script&gt; &amp; co</p>"
        );
    }
}
