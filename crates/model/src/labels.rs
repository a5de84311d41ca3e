//! The one way the model and the core spell an enum that is stored as a code and shown in Chinese:
//! channels, statuses, urgencies, party kinds, event kinds, ...

/// An enum stored and sent as a code, shown as a Chinese label, parsed from either (and
/// from extra spellings people type).
#[macro_export]
macro_rules! labelled {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $code:literal, $label:literal $(| $alias:literal)*;)+ }) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "specta", derive(specta::Type))]
        $(#[$meta])*
        pub enum $name {
            $(#[serde(rename = $code)] $variant,)+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The code stored in the database and used in JSON.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code,)+ }
            }

            /// The Chinese word a station worker uses.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)+ }
            }

            /// Accepts the code, the label or a common other spelling.
            pub fn parse(text: &str) -> Option<Self> {
                let text = text.trim();
                $(if text == $code || text == $label $(|| text == $alias)* { return Some($name::$variant); })+
                None
            }

            /// `义诊、政务服务进小区、…` for "choose one of" messages.
            pub fn labels() -> String {
                Self::ALL.iter().map(|v| v.label()).collect::<Vec<_>>().join("、")
            }
        }
    };
}
