//! The `sample:greeter/greeter` world: greets people in a style, stamps the
//! greeting with the host's clock and logs it through the host's logger.

wit_bindgen::generate!({ path: "wit", world: "greeter", generate_all });

use exports::sample::greeter::greetings::{Greeting, Guest, Style};
use sample::clock::wall_clock;
use sample::logging::logger::{self, Level};

struct Greeter;

impl Guest for Greeter {
    fn greet(name: String, style: Style) -> Greeting {
        let text = match style {
            Style::Casual => format!("Hi, {name}!"),
            Style::Formal(title) => format!("Good day, {title} {name}."),
            Style::Shout(times) => {
                let bangs = "!".repeat(usize::from(times.max(1)));
                format!("HELLO, {}{bangs}", name.to_uppercase())
            }
        };
        let level = Level::Info;
        logger::log(level, "greeter", &text);
        Greeting {
            text,
            made_at: wall_clock::now(),
            logged_at: level,
        }
    }
}

export!(Greeter);
