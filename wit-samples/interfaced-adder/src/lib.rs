//! The `docs:calculator/adder` world: `add` exported through the `add` interface.

wit_bindgen::generate!({ path: "wit", world: "adder" });

use exports::docs::calculator::add::Guest;

struct Adder;

impl Guest for Adder {
    fn add(a: i32, b: i32) -> i32 {
        a.wrapping_add(b)
    }
}

export!(Adder);
