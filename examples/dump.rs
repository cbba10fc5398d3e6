fn main() {
    let mut t = Vec::new();
    let a: Vec<String> = std::env::args().collect();
    let p = paiban::build::prepare(std::path::Path::new(&a[1]), None, Default::default(), &mut t).ok().unwrap();
    let page: usize = a[2].parse().unwrap();
    for item in &p.layout.pages[page].items {
        match item {
            paiban::display::Item::Text(r) => println!("T {:6.1} {:6.1} {:5.1} w{:5.1} {}", r.origin.0, r.origin.1, r.size, r.glyphs.last().map_or(0.0, |g| g.x + g.advance), r.text),
            paiban::display::Item::Image(i) => println!("I {:?} {:?}", i.frame, i.placed),
            _ => {}
        }
    }
}
