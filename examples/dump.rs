fn main() {
    let mut t = Vec::new();
    let p = paiban::build::prepare(
        std::path::Path::new("samples/dongchang-1461/edition.yaml"),
        None,
        Default::default(),
        &mut t,
    )
    .ok()
    .unwrap();
    for item in &p.layout.pages[2].items {
        if let paiban::display::Item::Image(i) = item {
            println!("{:?} {:?}", i.frame, i.placed);
        }
    }
}
