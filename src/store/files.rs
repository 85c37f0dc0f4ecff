//! Attachments: the files a post carries (its `metadata.files`), and the checks made before an
//! upload starts.

use brisk_model::{FileInfo, Post};

/// Mattermost's default `MaxFileSize` (100 MB), used until the server's config says otherwise.
pub const DEFAULT_MAX_FILE_SIZE: i64 = 100 * 1024 * 1024;

/// The files attached to a post, as the server described them.
pub fn files_of(post: &Post) -> Vec<FileInfo> {
    post.metadata
        .files
        .iter()
        .filter_map(|value| serde_json::from_value(value.clone()).ok())
        .collect()
}

/// Whether the file is shown as a picture (with a thumbnail and a preview).
pub fn is_image(file: &FileInfo) -> bool {
    file.has_preview_image || file.mime_type.starts_with("image/")
}

/// "12.3 MB", "800 KB", "42 B": a size the way people read it.
pub fn readable_size(bytes: i64) -> String {
    const KB: f64 = 1024.0;
    let size = bytes as f64;
    if size >= KB * KB * KB {
        format!("{:.1} GB", size / (KB * KB * KB))
    } else if size >= KB * KB {
        format!("{:.1} MB", size / (KB * KB))
    } else if size >= KB {
        format!("{:.0} KB", size / KB)
    } else {
        format!("{bytes} B")
    }
}

/// Refuses a file over the server's limit before uploading it, with a sentence that says so.
pub fn check_upload_size(name: &str, size: i64, max: i64) -> Result<(), String> {
    if size > max {
        Err(format!(
            "{name} is {}; files can be at most {}.",
            readable_size(size),
            readable_size(max)
        ))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sizes_read_like_people_write_them() {
        assert_eq!(readable_size(42), "42 B");
        assert_eq!(readable_size(800 * 1024), "800 KB");
        assert_eq!(readable_size(12_900_000), "12.3 MB");
        assert_eq!(readable_size(3 * 1024 * 1024 * 1024), "3.0 GB");
    }

    #[test]
    fn a_file_over_the_limit_is_refused_with_both_sizes() {
        assert_eq!(check_upload_size("a.zip", 10, 10), Ok(()));
        assert_eq!(
            check_upload_size("big.iso", 2 * 1024 * 1024, 1024 * 1024),
            Err("big.iso is 2.0 MB; files can be at most 1.0 MB.".to_string())
        );
    }

    #[test]
    fn a_posts_files_come_from_its_metadata() {
        let mut post = Post::default();
        post.metadata.files = vec![
            json!({"id": "f1", "name": "cat.png", "mime_type": "image/png", "size": 5}),
            json!({"id": "f2", "name": "notes.txt", "mime_type": "text/plain", "size": 9}),
            json!(42),
        ];
        let files = files_of(&post);
        assert_eq!(files.len(), 2);
        assert!(is_image(&files[0]));
        assert!(!is_image(&files[1]));
    }
}
