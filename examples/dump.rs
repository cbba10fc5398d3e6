fn main() {
    let mut t = Vec::new();
    let p = paiban::build::prepare(std::path::Path::new("samples/dongchang-1461/edition.yaml"), None, Default::default(), &mut t).ok().unwrap();
    println!("area {:?}", p.grid.area);
    for item in &p.layout.pages[1].items {
        if let paiban::display::Item::Rule(r) = item { if r.from.1 < 80.0 { println!("{:?}", r); } }
    }
}
