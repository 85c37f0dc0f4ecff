//! Attachments: how the files a post carries (its `metadata.files`) are shown, and the checks
//! made before an upload starts.

use brisk_model::FileInfo;

/// Mattermost's default `MaxFileSize` (100 MB), used until the server's config says otherwise.
pub const DEFAULT_MAX_FILE_SIZE: i64 = 100 * 1024 * 1024;

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

/// Where one file being attached stands.
#[derive(Clone, Debug, PartialEq)]
pub enum UploadOutcome {
    /// On its way; `progress` says how far.
    Sending,
    /// Boxed: a FileInfo is far larger than the other states.
    Done(Box<FileInfo>),
    /// Refused (too large) or failed; the sentence says why.
    Failed(String),
}

/// A file being attached to the message in a box.
#[derive(Clone, Debug, PartialEq)]
pub struct Upload {
    /// The client's id for the file until the server names it (`client_ids` in `POST /files`).
    pub client_id: String,
    pub name: String,
    pub size: i64,
    /// 0 to 1.
    pub progress: f64,
    pub outcome: UploadOutcome,
}

/// The files attached to a message box, in the order they were added.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Uploads(pub Vec<Upload>);

impl Uploads {
    /// Adds a file: refused at once if it is over `max_size`, else sending.
    pub fn start(&mut self, client_id: &str, name: &str, size: i64, max_size: i64) -> bool {
        let outcome = match check_upload_size(name, size, max_size) {
            Ok(()) => UploadOutcome::Sending,
            Err(problem) => UploadOutcome::Failed(problem),
        };
        let sending = outcome == UploadOutcome::Sending;
        self.0.push(Upload {
            client_id: client_id.to_string(),
            name: name.to_string(),
            size,
            progress: 0.0,
            outcome,
        });
        sending
    }

    fn find(&mut self, client_id: &str) -> Option<&mut Upload> {
        self.0.iter_mut().find(|u| u.client_id == client_id)
    }

    /// How far a file has gone.
    pub fn progress(&mut self, client_id: &str, fraction: f64) {
        if let Some(upload) = self.find(client_id) {
            upload.progress = fraction.clamp(0.0, 1.0);
        }
    }

    /// The server's answer for a file.
    pub fn finish(&mut self, client_id: &str, result: Result<FileInfo, String>) {
        if let Some(upload) = self.find(client_id) {
            upload.progress = 1.0;
            upload.outcome = match result {
                Ok(info) => UploadOutcome::Done(Box::new(info)),
                Err(problem) => UploadOutcome::Failed(problem),
            };
        }
    }

    /// Takes a file off the message.
    pub fn remove(&mut self, client_id: &str) {
        self.0.retain(|u| u.client_id != client_id);
    }

    /// Whether a file is still on its way (the message waits for it).
    pub fn sending(&self) -> bool {
        self.0.iter().any(|u| u.outcome == UploadOutcome::Sending)
    }

    /// The files ready to go with the message.
    pub fn done(&self) -> Vec<FileInfo> {
        self.0
            .iter()
            .filter_map(|u| match &u.outcome {
                UploadOutcome::Done(info) => Some(FileInfo::clone(info)),
                _ => None,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn pictures_are_told_apart_from_other_files() {
        let file = |mime_type: &str, has_preview_image| FileInfo {
            mime_type: mime_type.into(),
            has_preview_image,
            ..FileInfo::default()
        };
        assert!(is_image(&file("image/png", false)));
        assert!(is_image(&file("application/octet-stream", true)));
        assert!(!is_image(&file("text/plain", false)));
    }

    #[test]
    fn uploads_go_from_sending_to_done_or_failed_and_too_large_ones_never_start() {
        let mut uploads = Uploads::default();
        assert!(uploads.start("c1", "cat.png", 10, 100));
        assert!(!uploads.start("c2", "huge.iso", 1_000, 100));
        assert!(uploads.start("c3", "notes.txt", 5, 100));
        assert!(
            matches!(&uploads.0[1].outcome, UploadOutcome::Failed(p) if p.starts_with("huge.iso is"))
        );
        uploads.progress("c1", 0.5);
        assert_eq!(uploads.0[0].progress, 0.5);
        assert!(uploads.sending());
        let info = FileInfo {
            id: "f1".into(),
            ..FileInfo::default()
        };
        uploads.finish("c1", Ok(info.clone()));
        uploads.finish("c3", Err("The server refused the request (413).".into()));
        assert!(!uploads.sending());
        assert_eq!(uploads.done(), [info]);
        uploads.remove("c2");
        assert_eq!(uploads.0.len(), 2);
    }
}
