//! `server import-territories FILE.geojson` (issue 24): territories (communes, districts,
//! neighbourhoods) for the open data, which then publishes a figure per territory and, where a
//! population is given, per 1 000 inhabitants (`backend::insights::territory_rows`).
//!
//! The file is a GeoJSON `FeatureCollection` (WGS 84, as every GeoJSON) of `Polygon` or
//! `MultiPolygon` features whose properties give `code` (text or number, unique in the file),
//! `name` (or `nom`) and optionally `population` (a whole number). Each territory is covered
//! with the H3 cells of resolution 8 whose centre lies in it (`h3o`'s tiler); a territory
//! smaller than a cell gets the cell holding its centroid. The whole file is checked first and
//! saved in one transaction: a file with one bad feature saves nothing, and says which feature
//! and why. Loading a file again replaces the territories of the same codes.

use geojson::{GeoJson, JsonObject, JsonValue};
use h3o::Resolution;
use h3o::geom::{ContainmentMode, TilerBuilder};

/// A territory read from the file, ready to save.
#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    pub code: String,
    pub name: String,
    pub population: Option<i64>,
    /// Its geometry, as GeoJSON.
    pub outline: String,
    /// Its cells at resolution 8, sorted.
    pub cells: Vec<i64>,
}

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub added: usize,
    pub replaced: usize,
    pub cells: usize,
}

fn text(props: &JsonObject, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| match props.get(*k)? {
        JsonValue::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        JsonValue::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

fn feature(f: &geojson::Feature) -> Result<Draft, String> {
    let empty = JsonObject::new();
    let props = f.properties.as_ref().unwrap_or(&empty);
    let code = text(props, &["code"]).ok_or("no \"code\" property")?;
    if code.chars().count() > 64 {
        return Err("\"code\" longer than 64 characters".into());
    }
    let name = text(props, &["name", "nom"]).ok_or("no \"name\" property")?;
    if name.chars().count() > 200 {
        return Err("\"name\" longer than 200 characters".into());
    }
    let population = match props.get("population") {
        None | Some(JsonValue::Null) => None,
        Some(JsonValue::Number(n)) => Some(
            n.as_i64()
                .filter(|p| *p >= 0)
                .ok_or("\"population\" is not a whole number of 0 or more")?,
        ),
        Some(_) => return Err("\"population\" is not a number".into()),
    };
    let geometry = f.geometry.as_ref().ok_or("no geometry")?;
    let shape: geo_types::MultiPolygon<f64> = match &geometry.value {
        geojson::Value::Polygon(_) => geo_types::MultiPolygon(vec![
            geometry
                .value
                .clone()
                .try_into()
                .map_err(|e: geojson::Error| format!("geometry: {e}"))?,
        ]),
        geojson::Value::MultiPolygon(_) => geometry
            .value
            .clone()
            .try_into()
            .map_err(|e: geojson::Error| format!("geometry: {e}"))?,
        _ => return Err("the geometry is not a Polygon or a MultiPolygon".into()),
    };
    let in_range = shape.0.iter().all(|p| {
        p.exterior()
            .coords()
            .chain(p.interiors().iter().flat_map(|r| r.coords()))
            .all(|c| c.x.abs() <= 180.0 && c.y.abs() <= 90.0 && c.x.is_finite() && c.y.is_finite())
    });
    if !in_range {
        return Err("coordinates out of range (longitude, latitude in degrees, WGS 84)".into());
    }
    let mut tiler = TilerBuilder::new(Resolution::Eight)
        .containment_mode(ContainmentMode::ContainsCentroid)
        .build();
    tiler
        .add_batch(shape.0.iter().cloned())
        .map_err(|e| format!("geometry: {e}"))?;
    let mut cells: Vec<i64> = tiler
        .into_coverage()
        .filter_map(|c| i64::try_from(u64::from(c)).ok())
        .collect();
    if cells.is_empty() {
        // Smaller than a cell: the cell of its first point stands for it.
        let first = shape
            .0
            .first()
            .and_then(|p| p.exterior().coords().next().copied())
            .ok_or("an empty geometry")?;
        let cell = h3o::LatLng::new(first.y, first.x)
            .map_err(|e| format!("geometry: {e}"))?
            .to_cell(Resolution::Eight);
        cells.push(i64::try_from(u64::from(cell)).map_err(|e| e.to_string())?);
    }
    cells.sort_unstable();
    cells.dedup();
    Ok(Draft {
        code,
        name,
        population,
        outline: serde_json::to_string(&geometry).map_err(|e| e.to_string())?,
        cells,
    })
}

/// Reads a file's territories, all or none: the error names each bad feature (from 1).
pub fn parse(file: &str) -> Result<Vec<Draft>, String> {
    let doc: GeoJson = file.parse().map_err(|e| format!("not GeoJSON: {e}"))?;
    let GeoJson::FeatureCollection(collection) = doc else {
        return Err("not a GeoJSON FeatureCollection".into());
    };
    let mut drafts = Vec::new();
    let mut refused = Vec::new();
    for (i, f) in collection.features.iter().enumerate() {
        match feature(f) {
            Ok(d) => {
                if drafts.iter().any(|o: &Draft| o.code == d.code) {
                    refused.push(format!(
                        "feature {}: code {:?} twice in the file",
                        i + 1,
                        d.code
                    ));
                } else {
                    drafts.push(d);
                }
            }
            Err(why) => refused.push(format!("feature {}: {why}", i + 1)),
        }
    }
    if !refused.is_empty() {
        return Err(format!("nothing loaded:\n{}", refused.join("\n")));
    }
    if drafts.is_empty() {
        return Err("no territory in the file".into());
    }
    Ok(drafts)
}

/// Loads a file's territories in one transaction (see the module's documentation).
pub async fn import(db: &sea_orm::DatabaseConnection, file: &str) -> Result<Report, String> {
    let drafts = parse(file)?;
    app::backend::tx::write(db, |txn| {
        let drafts = drafts.clone();
        Box::pin(async move {
            let mut report = Report::default();
            for d in &drafts {
                let new = app::backend::insights::save_territory(
                    txn,
                    &d.code,
                    &d.name,
                    d.population,
                    d.outline.clone(),
                    &d.cells,
                )
                .await?;
                if new {
                    report.added += 1;
                } else {
                    report.replaced += 1;
                }
                report.cells += d.cells.len();
            }
            Ok(report)
        })
    })
    .await
    .map_err(|e| format!("{e:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(code: &str, lng: f64, lat: f64, side: f64) -> String {
        format!(
            r#"{{"type":"Feature","properties":{{"code":"{code}","name":"Quartier {code}","population":12000}},
            "geometry":{{"type":"Polygon","coordinates":[[[{lng},{lat}],[{e},{lat}],[{e},{n}],[{lng},{n}],[{lng},{lat}]]]}}}}"#,
            e = lng + side,
            n = lat + side
        )
    }

    fn collection(features: &[String]) -> String {
        format!(
            r#"{{"type":"FeatureCollection","features":[{}]}}"#,
            features.join(",")
        )
    }

    #[test]
    fn a_territory_is_covered_by_the_cells_whose_centre_it_holds() {
        let drafts = parse(&collection(&[
            square("A", 2.35, 48.85, 0.02),
            square("B", 2.37, 48.85, 0.02),
        ]))
        .expect("parsed");
        assert_eq!(drafts.len(), 2);
        // About 3.4 km²: a handful of cells of 0.74 km² each; neighbours share none.
        for d in &drafts {
            assert!((2..=10).contains(&d.cells.len()), "{} cells", d.cells.len());
            assert_eq!(d.population, Some(12000));
        }
        assert!(drafts[0].cells.iter().all(|c| !drafts[1].cells.contains(c)));
        // Smaller than a cell: the cell of its corner.
        let tiny = parse(&collection(&[square("T", 2.35, 48.85, 0.0005)])).expect("parsed");
        assert_eq!(tiny[0].cells.len(), 1);
    }

    #[test]
    fn a_bad_feature_loads_nothing_and_is_named() {
        let no_code = r#"{"type":"Feature","properties":{"name":"X"},"geometry":{"type":"Polygon","coordinates":[[[2.3,48.8],[2.31,48.8],[2.31,48.81],[2.3,48.8]]]}}"#;
        let point = r#"{"type":"Feature","properties":{"name":"X","code":"P"},"geometry":{"type":"Point","coordinates":[2.3,48.8]}}"#;
        let bad_population = square("Q", 2.3, 48.8, 0.01).replace("12000", "\"many\"");
        let err = parse(&collection(&[
            square("A", 2.35, 48.85, 0.02),
            no_code.to_owned(),
            point.to_owned(),
            bad_population,
            square("A", 2.39, 48.85, 0.02),
        ]))
        .expect_err("refused");
        assert!(err.contains("feature 2: no \"code\""), "{err}");
        assert!(
            err.contains("feature 3: the geometry is not a Polygon"),
            "{err}"
        );
        assert!(
            err.contains("feature 4: \"population\" is not a number"),
            "{err}"
        );
        assert!(err.contains("feature 5: code \"A\" twice"), "{err}");
        assert!(parse("{}").is_err());
        assert!(parse("not json").is_err());
        let far = square("F", 200.0, 48.0, 0.01);
        assert!(
            parse(&collection(&[far]))
                .expect_err("refused")
                .contains("out of range")
        );
    }

    #[test]
    fn the_demo_territories_parse() {
        let drafts = parse(crate::seed::DEMO_TERRITORIES).expect("parsed");
        assert_eq!(drafts.len(), 45);
        assert!(
            drafts
                .iter()
                .all(|d| d.population.is_some() && !d.cells.is_empty())
        );
    }
}
