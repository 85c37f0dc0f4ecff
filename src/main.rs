fn main() {
    brisk::mount();
}
