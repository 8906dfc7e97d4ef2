//! The `docs:adder/adder` world: `add` exported straight from the world.

wit_bindgen::generate!({ path: "wit", world: "adder" });

struct Adder;

impl Guest for Adder {
    fn add(a: i32, b: i32) -> i32 {
        a.wrapping_add(b)
    }
}

export!(Adder);
