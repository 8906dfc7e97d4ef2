//! The `docs:calculator-app/app` world: sums evaluated with an imported `add`, which
//! the interfaced-adder component provides once the two are composed.

wit_bindgen::generate!({ path: "wit", world: "app", generate_all });

use docs::calculator::add::add;

struct Calculator;

impl Guest for Calculator {
    fn eval_expression(expr: String) -> Result<i32, String> {
        let mut total = 0;
        for (index, term) in expr.split('+').enumerate() {
            let term = term.trim();
            let value: i32 = term
                .parse()
                .map_err(|_| format!("term {} (`{term}`) is not a number", index + 1))?;
            total = add(total, value);
        }
        Ok(total)
    }
}

export!(Calculator);
