//! Decoding JSON text where every struct is an object, as the Mattermost API writes them.
//!
//! serde_json decodes a struct from an object or from an array of its fields in order, so every
//! struct's decoder is made twice over, once for each form; the client never receives the array
//! form, and those second decoders were about 54 KB of the client's wasm (11 KB brotli). `from_str`
//! here hands serde_json every struct as a map: the decoders for arrays are never called, so
//! they are not in the wasm. Everything else (sequences, tuples, enums, raw values, errors and
//! their positions) is serde_json's own.

use std::fmt;

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, Visitor};

/// JSON text as `T`, structs read from objects only (a struct written as an array is refused as
/// of the wrong type).
pub fn from_str<'de, T: Deserialize<'de>>(text: &'de str) -> serde_json::Result<T> {
    let mut json = serde_json::Deserializer::from_str(text);
    let value = T::deserialize(ObjectsOnly(&mut json))?;
    json.end()?;
    Ok(value)
}

/// Wraps each part of the decoding (the deserializer, its visitors, their sequence and map
/// readers, the seeds they are given) so that whatever is read inside stays wrapped too.
struct ObjectsOnly<T>(T);

/// Passes a `deserialize_*` call on with the visitor wrapped.
macro_rules! forward_deserialize {
    ($($method:ident($($arg:ident: $type:ty),*)),* $(,)?) => {$(
        fn $method<V: Visitor<'de>>(self, $($arg: $type,)* visitor: V) -> Result<V::Value, D::Error> {
            self.0.$method($($arg,)* ObjectsOnly(visitor))
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for ObjectsOnly<D> {
    type Error = D::Error;

    forward_deserialize! {
        deserialize_any(), deserialize_bool(), deserialize_i8(), deserialize_i16(),
        deserialize_i32(), deserialize_i64(), deserialize_i128(), deserialize_u8(),
        deserialize_u16(), deserialize_u32(), deserialize_u64(), deserialize_u128(),
        deserialize_f32(), deserialize_f64(), deserialize_char(), deserialize_str(),
        deserialize_string(), deserialize_bytes(), deserialize_byte_buf(), deserialize_option(),
        deserialize_unit(), deserialize_unit_struct(name: &'static str),
        deserialize_newtype_struct(name: &'static str), deserialize_seq(),
        deserialize_tuple(len: usize), deserialize_tuple_struct(name: &'static str, len: usize),
        deserialize_map(),
        deserialize_enum(name: &'static str, variants: &'static [&'static str]),
        deserialize_identifier(), deserialize_ignored_any(),
    }

    /// The one change: a struct is read as a map.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(ObjectsOnly(visitor))
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

/// Passes a `visit_*` call of a plain value on.
macro_rules! forward_visit {
    ($($method:ident($type:ty)),* $(,)?) => {$(
        fn $method<E: de::Error>(self, value: $type) -> Result<V::Value, E> {
            self.0.$method(value)
        }
    )*};
}

impl<'de, V: Visitor<'de>> Visitor<'de> for ObjectsOnly<V> {
    type Value = V::Value;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        self.0.expecting(formatter)
    }

    forward_visit! {
        visit_bool(bool), visit_i8(i8), visit_i16(i16), visit_i32(i32), visit_i64(i64),
        visit_i128(i128), visit_u8(u8), visit_u16(u16), visit_u32(u32), visit_u64(u64),
        visit_u128(u128), visit_f32(f32), visit_f64(f64), visit_char(char), visit_str(&str),
        visit_borrowed_str(&'de str), visit_string(String), visit_bytes(&[u8]),
        visit_borrowed_bytes(&'de [u8]), visit_byte_buf(Vec<u8>),
    }

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, inner: D) -> Result<V::Value, D::Error> {
        self.0.visit_some(ObjectsOnly(inner))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, inner: D) -> Result<V::Value, D::Error> {
        self.0.visit_newtype_struct(ObjectsOnly(inner))
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.0.visit_seq(ObjectsOnly(seq))
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.0.visit_map(ObjectsOnly(map))
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        self.0.visit_enum(ObjectsOnly(data))
    }
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for ObjectsOnly<S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, inner: D) -> Result<S::Value, D::Error> {
        self.0.deserialize(ObjectsOnly(inner))
    }
}

impl<'de, A: de::SeqAccess<'de>> de::SeqAccess<'de> for ObjectsOnly<A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        self.0.next_element_seed(ObjectsOnly(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: de::MapAccess<'de>> de::MapAccess<'de> for ObjectsOnly<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        self.0.next_key_seed(ObjectsOnly(seed))
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, A::Error> {
        self.0.next_value_seed(ObjectsOnly(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: de::EnumAccess<'de>> de::EnumAccess<'de> for ObjectsOnly<A> {
    type Error = A::Error;
    type Variant = ObjectsOnly<A::Variant>;

    fn variant_seed<T: DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<(T::Value, Self::Variant), A::Error> {
        let (value, variant) = self.0.variant_seed(ObjectsOnly(seed))?;
        Ok((value, ObjectsOnly(variant)))
    }
}

impl<'de, A: de::VariantAccess<'de>> de::VariantAccess<'de> for ObjectsOnly<A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), A::Error> {
        self.0.unit_variant()
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, A::Error> {
        self.0.newtype_variant_seed(ObjectsOnly(seed))
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, A::Error> {
        self.0.tuple_variant(len, ObjectsOnly(visitor))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        self.0.struct_variant(fields, ObjectsOnly(visitor))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use serde::Deserialize;
    use serde_json::value::RawValue;

    use super::from_str;

    #[derive(Debug, Default, Deserialize, PartialEq)]
    #[serde(default)]
    struct Inner {
        name: String,
        count: i64,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "snake_case")]
    enum Kind {
        Plain,
        Wrapped(Inner),
        Fields { inner: Inner },
    }

    #[derive(Debug, Deserialize)]
    struct Outer<'a> {
        inner: Inner,
        list: Vec<Inner>,
        pair: (u8, String),
        maybe: Option<Inner>,
        by_key: HashMap<String, Inner>,
        kinds: Vec<Kind>,
        #[serde(borrow)]
        raw: &'a RawValue,
        owned_raw: Box<RawValue>,
    }

    #[test]
    fn decodes_what_serde_json_decodes_from_objects() {
        let text = r#"{
            "inner": {"name": "a", "count": 1, "unknown": [1, {"x": null}]},
            "list": [{"name": "b"}, {}],
            "pair": [7, "seven"],
            "maybe": null,
            "by_key": {"k": {"count": 2}},
            "kinds": ["plain", {"wrapped": {"name": "w"}}, {"fields": {"inner": {"count": 3}}}],
            "raw": {"kept": [1, 2]},
            "owned_raw": [true]
        } "#;
        let outer: Outer = from_str(text).expect("decodes");
        let inner = |name: &str, count| Inner {
            name: name.into(),
            count,
        };
        assert_eq!(outer.inner, inner("a", 1));
        assert_eq!(outer.list, [inner("b", 0), inner("", 0)]);
        assert_eq!(outer.pair, (7, "seven".to_string()));
        assert_eq!(outer.maybe, None);
        assert_eq!(outer.by_key["k"], inner("", 2));
        assert_eq!(
            outer.kinds,
            [
                Kind::Plain,
                Kind::Wrapped(inner("w", 0)),
                Kind::Fields {
                    inner: inner("", 3)
                }
            ]
        );
        assert_eq!(outer.raw.get(), r#"{"kept": [1, 2]}"#);
        assert_eq!(outer.owned_raw.get(), "[true]");
    }

    #[test]
    fn refuses_a_struct_written_as_an_array_and_what_follows_the_value() {
        let error = from_str::<Inner>(r#"["a", 1]"#).expect_err("an array is not an Inner");
        assert!(error.to_string().contains("invalid type"), "{error}");
        let error = from_str::<Inner>(r#"{"count": "1"}"#).expect_err("a string is no count");
        assert_eq!((error.line(), error.column()), (1, 13));
        assert!(from_str::<Inner>("{} x").is_err());
        assert_eq!(from_str::<Option<Inner>>(" null ").unwrap(), None);
    }
}
