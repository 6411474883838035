//! Guards around the server functions, so that bad input is answered 4xx and never 500 or a
//! dropped connection: malformed `multipart/form-data` headers, oversized bodies, and arguments
//! that do not decode.

use app::domain::AppError;
use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// The largest request body accepted (a logo is at most 300 KB; forms are a few KB).
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// An error answer of a server function is small; anything larger is left as it is.
const MAX_ERROR_BYTES: usize = 64 * 1024;

/// Leptos' multipart decoder panics (and the connection drops) when a `multipart/…` request's
/// `Content-Type` does not parse as `multipart/form-data` with a boundary, the test `multer`
/// itself makes. Such requests, and any non-multipart body sent to a server function that
/// reads multipart, are answered 400 before they reach it.
pub async fn multipart(req: Request<Body>, next: axum::middleware::Next) -> Response {
    let path = req.uri().path();
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap_or("\u{fffd}"));
    let claims_multipart = content_type.is_some_and(|v| {
        v.trim_start()
            .get(..10)
            .is_some_and(|head| head.eq_ignore_ascii_case("multipart/"))
    });
    let wants_multipart = MULTIPART_FNS.contains(&path);
    if path.starts_with("/api/")
        && (claims_multipart || wants_multipart)
        && !content_type.is_some_and(is_form_data_with_boundary)
    {
        // The body is read (at most the size limit) before answering: a body left unread makes
        // the server close the connection, and a client that had already sent its next request
        // on it would see that request dropped.
        let _ = to_bytes(req.into_body(), MAX_BODY_BYTES).await;
        return (
            StatusCode::BAD_REQUEST,
            "multipart/form-data with a boundary expected",
        )
            .into_response();
    }
    next.run(req).await
}

/// Server functions that take `multipart/form-data`.
const MULTIPART_FNS: [&str; 1] = ["/api/upload_logo"];

/// Whether a `Content-Type` is `multipart/form-data` with a boundary, as `multer` parses it.
fn is_form_data_with_boundary(value: &str) -> bool {
    value.parse::<mime::Mime>().is_ok_and(|m| {
        m.type_() == mime::MULTIPART
            && m.subtype() == mime::FORM_DATA
            && m.get_param(mime::BOUNDARY)
                .is_some_and(|b| !b.as_str().is_empty())
    })
}

/// Leptos answers every server-function error 500, including arguments that did not decode.
/// The error's own status is used instead ([`AppError::status`]: 400 for a request that could
/// not be read, 422 for invalid fields…), so that only real server faults are 5xx.
pub async fn error_status(req: Request<Body>, next: axum::middleware::Next) -> Response {
    let is_api = req.uri().path().starts_with("/api/");
    let res = next.run(req).await;
    if !is_api || res.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_ERROR_BYTES).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response();
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = StatusCode::from_u16(error.status()).unwrap_or(parts.status);
    }
    Response::from_parts(parts, Body::from(bytes))
}

#[cfg(test)]
mod tests {
    use super::is_form_data_with_boundary as ok;

    #[test]
    fn only_form_data_with_a_boundary_passes() {
        assert!(ok("multipart/form-data; boundary=abc"));
        assert!(ok("Multipart/Form-Data; charset=utf-8; boundary=\"a b\""));
        assert!(!ok("multipart/form-data; xboundary=1"));
        assert!(!ok("multipart/form-data-x; boundary=1"));
        assert!(!ok("multipart/form-data"));
        assert!(!ok("multipart/mixed; boundary=1"));
        assert!(!ok("application/json"));
        assert!(!ok("multipart/form-data; boundary="));
    }
}
