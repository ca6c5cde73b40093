//! JS values into Rust values: a small serde `Deserializer` for the arguments the modules take
//! (options, profiles, sheet facts, bundles).
//!
//! The JS value is first copied into a [`Value`] tree by one non-generic function, so the code
//! instantiated per Rust type is only serde's derived visitor over this deserializer. Compared
//! with `serde_wasm_bindgen::from_value` this made the core module ≈ 8 KB gzip smaller
//! (docs/benchmarks.md, "Core module size"): struct fields are read as maps only, field names as
//! strings only, and the error type never formats a float, so Rust's float formatting is not
//! linked into the core module.
//!
//! JS semantics, as `serde_wasm_bindgen` and `JSON.stringify` read them: `undefined` and
//! `null` are "no value" (`None`, a missing field: a property set to `undefined` counts as
//! absent); numbers with no fraction are integers (so `u32` fields accept `3`); arrays are
//! sequences; other objects are maps of their own enumerable string-keyed properties; a
//! string is a unit enum variant, a one-key object `{variant: content}` any other variant.

use std::fmt;

use serde::de::{self, DeserializeSeed, Visitor};
use wasm_bindgen::{JsCast, JsValue};

/// A JS value copied out of the JS heap.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null` or `undefined`.
    Null,
    /// A boolean.
    Bool(bool),
    /// A number.
    Number(f64),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object's own enumerable properties in order (`undefined` ones left out).
    Object(Vec<(String, Value)>),
}

impl Value {
    /// Copies a JS value; a function, symbol or bigint is an error.
    pub fn from_js(value: &JsValue) -> Result<Value, DecodeError> {
        if value.is_undefined() || value.is_null() {
            return Ok(Value::Null);
        }
        if let Some(b) = value.as_bool() {
            return Ok(Value::Bool(b));
        }
        if let Some(n) = value.as_f64() {
            return Ok(Value::Number(n));
        }
        if let Some(s) = value.as_string() {
            return Ok(Value::String(s));
        }
        if js_sys::Array::is_array(value) {
            let array: &js_sys::Array = value.unchecked_ref();
            return array
                .iter()
                .map(|v| Value::from_js(&v))
                .collect::<Result<_, _>>()
                .map(Value::Array);
        }
        if value.is_object() && !value.is_function() {
            let mut fields = Vec::new();
            for entry in js_sys::Object::entries(value.unchecked_ref()).iter() {
                let pair: &js_sys::Array = entry.unchecked_ref();
                let v = pair.get(1);
                if v.is_undefined() {
                    continue;
                }
                let key = pair.get(0).as_string().unwrap_or_default();
                fields.push((key, Value::from_js(&v)?));
            }
            return Ok(Value::Object(fields));
        }
        Err(DecodeError(
            "unsupported value (a function, symbol or bigint)".to_owned(),
        ))
    }

    fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }

    fn unexpected<T>(self, exp: &dyn de::Expected) -> Result<T, DecodeError> {
        Err(DecodeError(format!(
            "invalid type: {}, expected {exp}",
            self.kind()
        )))
    }
}

/// Why a JS value does not decode (a message for the `detail` parameter of the error).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError(String);

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DecodeError {}

/// Describes an unexpected value without its number: serde's own description formats floats,
/// which would link Rust's float formatting (≈ 7 KB gzip) into the modules for error messages.
fn describe(unexp: &de::Unexpected<'_>) -> String {
    match *unexp {
        de::Unexpected::Bool(b) => format!("boolean `{b}`"),
        de::Unexpected::Unsigned(n) => format!("integer `{n}`"),
        de::Unexpected::Signed(n) => format!("integer `{n}`"),
        de::Unexpected::Float(_) => "a number".to_owned(),
        de::Unexpected::Char(c) => format!("character `{c}`"),
        de::Unexpected::Str(s) => format!("string \"{s}\""),
        de::Unexpected::Unit => "null".to_owned(),
        de::Unexpected::Seq => "an array".to_owned(),
        de::Unexpected::Map => "an object".to_owned(),
        de::Unexpected::Bytes(_) => "bytes".to_owned(),
        de::Unexpected::Option => "an optional value".to_owned(),
        de::Unexpected::NewtypeStruct => "a newtype struct".to_owned(),
        de::Unexpected::Enum => "an enum".to_owned(),
        de::Unexpected::UnitVariant => "a unit variant".to_owned(),
        de::Unexpected::NewtypeVariant => "a newtype variant".to_owned(),
        de::Unexpected::TupleVariant => "a tuple variant".to_owned(),
        de::Unexpected::StructVariant => "a struct variant".to_owned(),
        de::Unexpected::Other(other) => other.to_owned(),
    }
}

impl de::Error for DecodeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DecodeError(msg.to_string())
    }

    fn invalid_type(unexp: de::Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        DecodeError(format!(
            "invalid type: {}, expected {exp}",
            describe(&unexp)
        ))
    }

    fn invalid_value(unexp: de::Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        DecodeError(format!(
            "invalid value: {}, expected {exp}",
            describe(&unexp)
        ))
    }
}

/// The largest integer a JS number holds exactly (2^53).
const EXACT: f64 = 9_007_199_254_740_992.0;

impl<'de> de::Deserializer<'de> for Value {
    type Error = DecodeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        match self {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(b),
            // Integral numbers go to the integer visitors, so `u32` fields accept `3`.
            Value::Number(n) if n.trunc() == n && (0.0..=EXACT).contains(&n) => {
                visitor.visit_u64(n as u64)
            }
            Value::Number(n) if n.trunc() == n && (-EXACT..0.0).contains(&n) => {
                visitor.visit_i64(n as i64)
            }
            Value::Number(n) => visitor.visit_f64(n),
            Value::String(s) => visitor.visit_string(s),
            Value::Array(items) => visitor.visit_seq(Items(items.into_iter())),
            Value::Object(fields) => visitor.visit_map(Fields {
                iter: fields.into_iter(),
                value: None,
            }),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        match self {
            Value::Null => visitor.visit_none(),
            v => visitor.visit_some(v),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        match self {
            Value::String(s) => visitor.visit_string(s),
            v => v.unexpected(&visitor),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        self.deserialize_string(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        match self {
            Value::String(s) => visitor.visit_str(&s),
            v => v.unexpected(&visitor),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        match self {
            Value::Object(fields) => visitor.visit_map(Fields {
                iter: fields.into_iter(),
                value: None,
            }),
            v => v.unexpected(&visitor),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        match self {
            Value::String(variant) => visitor.visit_enum(Variant {
                variant,
                content: None,
            }),
            Value::Object(mut fields) if fields.len() == 1 => {
                let (variant, content) = fields.remove(0);
                visitor.visit_enum(Variant {
                    variant,
                    content: Some(content),
                })
            }
            v => v.unexpected(&visitor),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes byte_buf unit
        unit_struct seq tuple tuple_struct map
    }
}

struct Items(std::vec::IntoIter<Value>);

impl<'de> de::SeqAccess<'de> for Items {
    type Error = DecodeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DecodeError> {
        self.0.next().map(|v| seed.deserialize(v)).transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

struct Fields {
    iter: std::vec::IntoIter<(String, Value)>,
    value: Option<Value>,
}

impl<'de> de::MapAccess<'de> for Fields {
    type Error = DecodeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DecodeError> {
        match self.iter.next() {
            Some((key, value)) => {
                self.value = Some(value);
                seed.deserialize(Value::String(key)).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, DecodeError> {
        seed.deserialize(self.value.take().unwrap_or(Value::Null))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.len())
    }
}

struct Variant {
    variant: String,
    content: Option<Value>,
}

impl<'de> de::EnumAccess<'de> for Variant {
    type Error = DecodeError;
    type Variant = Content;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, Content), DecodeError> {
        let v = seed.deserialize(Value::String(self.variant))?;
        Ok((v, Content(self.content)))
    }
}

struct Content(Option<Value>);

impl<'de> de::VariantAccess<'de> for Content {
    type Error = DecodeError;

    fn unit_variant(self) -> Result<(), DecodeError> {
        match self.0 {
            None | Some(Value::Null) => Ok(()),
            Some(v) => v.unexpected(&"a unit variant"),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<T::Value, DecodeError> {
        seed.deserialize(self.0.unwrap_or(Value::Null))
    }

    fn tuple_variant<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        de::Deserializer::deserialize_any(self.0.unwrap_or(Value::Null), visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        de::Deserializer::deserialize_struct(self.0.unwrap_or(Value::Null), "", fields, visitor)
    }
}
