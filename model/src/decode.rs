//! `Deserialize` for the wire types that every client screen decodes, written for a small wasm.
//!
//! serde's derive, for a struct with `#[serde(default)]`, keeps each field in an `Option` of its
//! own until the object ends, refuses a field seen twice, and on every early error drops each
//! field read so far: for `User` (17 fields) about 10 KB of the client's wasm, for `Post` 9 KB.
//! `deserialize_into_default!` decodes into `Default::default()` instead, field by field in place,
//! each field's value read by a function shared by every field of its type: a missing field keeps
//! its default as with `#[serde(default)]`, an unknown one is skipped, and a field written twice
//! takes its last value (as Mattermost's own server reads JSON).

use std::fmt;

use serde::de::{Deserialize, DeserializeSeed, Deserializer, MapAccess, Visitor};

/// Implements `serde::Deserialize` for `$type`, which implements `Default`, from a JSON object
/// of its fields: `deserialize_into_default!(Post { id, message, kind = "type" })`, a field
/// named in JSON otherwise than in Rust written `field = "name"`. Every field must be listed
/// (it does not compile otherwise).
#[macro_export]
macro_rules! deserialize_into_default {
    ($type:ident { $($field:ident $(= $name:literal)?),* $(,)? }) => {
        impl<'de> ::serde::Deserialize<'de> for $type {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                // Lists every field, or this pattern does not compile.
                let _every_field_is_listed = |value: $type| {
                    let $type { $($field: _),* } = value;
                };
                const FIELDS: &[&str] = &[$($crate::json_field_name!($field $(= $name)?)),*];
                struct Fields;
                impl<'de> ::serde::de::Visitor<'de> for Fields {
                    type Value = $type;

                    fn expecting(&self, formatter: &mut ::std::fmt::Formatter) -> ::std::fmt::Result {
                        formatter.write_str(concat!("struct ", stringify!($type)))
                    }

                    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> Result<$type, A::Error> {
                        // A reader per field, in the order of FIELDS.
                        let readers: &[fn(&mut A, &mut $type) -> Result<(), A::Error>] = &[
                            $(|map, value| $crate::decode::read_field(map, &mut value.$field)),*
                        ];
                        let mut value = <$type as Default>::default();
                        while let Some(field) = map.next_key_seed($crate::decode::FieldOf(FIELDS))? {
                            match field {
                                Some(index) => readers[index](&mut map, &mut value)?,
                                None => {
                                    map.next_value::<::serde::de::IgnoredAny>()?;
                                }
                            }
                        }
                        Ok(value)
                    }
                }
                deserializer.deserialize_struct(stringify!($type), FIELDS, Fields)
            }
        }
    };
}

/// A field's name in JSON: its Rust name, or the one given.
#[macro_export]
#[doc(hidden)]
macro_rules! json_field_name {
    ($field:ident) => {
        stringify!($field)
    };
    ($field:ident = $name:literal) => {
        $name
    };
}

/// Reads a field's value into it: one copy per field type, called by every struct's reader of
/// a field of that type, rather than the value's decoding made again in each.
#[doc(hidden)]
#[inline(never)]
pub fn read_field<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    field: &mut T,
) -> Result<(), A::Error> {
    *field = map.next_value()?;
    Ok(())
}

/// Reads an object's key as the index of the one of `fields` it names, or none for a key the
/// struct does not have. One copy serves every struct.
#[doc(hidden)]
pub struct FieldOf(pub &'static [&'static str]);

impl<'de> DeserializeSeed<'de> for FieldOf {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for FieldOf {
    type Value = Option<usize>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a field name")
    }

    fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<Self::Value, E> {
        Ok(self.0.iter().position(|field| *field == key))
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Debug, PartialEq)]
    struct Sample {
        id: String,
        count: i64,
        kind: String,
        tags: Vec<String>,
        maybe: Option<u8>,
    }

    impl Default for Sample {
        fn default() -> Self {
            Sample {
                id: String::new(),
                count: 5,
                kind: String::new(),
                tags: Vec::new(),
                maybe: Some(1),
            }
        }
    }

    deserialize_into_default!(Sample { id, count, kind = "type", tags, maybe });

    #[derive(Debug, Default, PartialEq, Deserialize)]
    #[serde(default)]
    struct Derived {
        id: String,
        count: i64,
        #[serde(rename = "type")]
        kind: String,
        tags: Vec<String>,
        maybe: Option<u8>,
    }

    fn both(json: &str) -> (Result<Sample, String>, Result<Derived, String>) {
        (
            crate::json::from_str::<Sample>(json).map_err(|e| e.to_string()),
            crate::json::from_str::<Derived>(json).map_err(|e| e.to_string()),
        )
    }

    #[test]
    fn reads_fields_by_name_renamed_ones_too_and_skips_unknown_ones() {
        let (sample, derived) =
            both(r#"{"id":"a","type":"O","tags":["x"],"maybe":null,"extra":{"deep":[1]}}"#);
        let derived = derived.expect("derive decodes");
        assert_eq!(
            sample.expect("decodes"),
            Sample {
                id: derived.id,
                count: 5,
                kind: derived.kind,
                tags: derived.tags,
                maybe: derived.maybe,
            }
        );
    }

    #[test]
    fn keeps_the_default_of_missing_fields_and_takes_the_last_of_a_repeated_one() {
        let sample = crate::json::from_str::<Sample>(r#"{"id":"a","id":"b"}"#).expect("decodes");
        assert_eq!(sample.id, "b");
        assert_eq!((sample.count, sample.maybe), (5, Some(1)));
    }

    #[test]
    fn refuses_what_the_derive_refuses() {
        for json in [
            r#"{"count":"7"}"#,
            r#"{"tags":"x"}"#,
            r#"["a"]"#,
            "null",
            r#"{"id":"a""#,
        ] {
            let (sample, derived) = both(json);
            assert!(sample.is_err() && derived.is_err(), "{json}");
        }
    }
}
