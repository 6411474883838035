//! Leaflet maps. Maps are created in effects (the browser only), kept in local stored values
//! and removed on cleanup; each map has a list or a form beside it, so it is never the only
//! way in.

pub mod area_map;
pub mod insights_map;
pub mod leaflet_ext;
pub mod listings_map;
pub mod location_picker;
pub mod settings;
