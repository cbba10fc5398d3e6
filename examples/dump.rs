fn main() {
    let mut t = Vec::new();
    let p = paiban::build::prepare(std::path::Path::new(&std::env::args().nth(1).unwrap()), None, Default::default(), &mut t).ok().unwrap();
    for item in &p.layout.pages[0].items {
        if let paiban::display::Item::Text(r) = item { println!("{:6.1} {:6.1} {:5.1} {}", r.origin.0, r.origin.1, r.size, r.text); }
    }
}
