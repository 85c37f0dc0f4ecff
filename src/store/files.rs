//! Attachments: how the files a post carries (its `metadata.files`) are shown, and the checks
//! made before an upload starts.

use brisk_model::FileInfo;

/// Mattermost's default `MaxFileSize` (100 MB), used until the server's config says otherwise.
pub const DEFAULT_MAX_FILE_SIZE: i64 = 100 * 1024 * 1024;

/// Whether the file is shown as a picture (with a thumbnail and a preview).
pub fn is_image(file: &FileInfo) -> bool {
    file.has_preview_image || file.mime_type.starts_with("image/")
}

/// "12.3 MB", "800 KB", "42 B": a size the way people read it. In whole numbers, not f64:
/// formatting a float would bring the standard library's float printing (about 11 KB) into the
/// first download for this one line.
pub fn readable_size(bytes: i64) -> String {
    const KB: i64 = 1024;
    if bytes >= KB * KB * KB {
        format!("{} GB", in_tenths(bytes, KB * KB * KB))
    } else if bytes >= KB * KB {
        format!("{} MB", in_tenths(bytes, KB * KB))
    } else if bytes >= KB {
        format!("{} KB", rounded_div(bytes, KB))
    } else {
        format!("{bytes} B")
    }
}

/// `amount / unit` with one decimal, "12.3".
fn in_tenths(amount: i64, unit: i64) -> String {
    let (mut whole, mut tenths) = (amount / unit, rounded_div(amount % unit * 10, unit));
    if tenths == 10 {
        (whole, tenths) = (whole + 1, 0);
    }
    format!("{whole}.{tenths}")
}

/// `n / d` rounded to the nearest, a tie to the even one (as `{:.1}` rounds a float).
fn rounded_div(n: i64, d: i64) -> i64 {
    let (quotient, twice_rest) = (n / d, n % d * 2);
    if twice_rest > d || (twice_rest == d && quotient % 2 == 1) {
        quotient + 1
    } else {
        quotient
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

impl Upload {
    /// How far it is, 0 to 100: a whole number, as a float would bring float printing into the
    /// wasm (see `readable_size`).
    pub fn percent(&self) -> u32 {
        (self.progress * 100.0).round() as u32
    }
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
        assert_eq!(readable_size(1024 * 1024 - 1), "1024 KB");
        assert_eq!(readable_size(1024 * 1024 * 1024 - 1), "1024.0 MB");
    }

    #[test]
    fn sizes_round_as_float_formatting_did() {
        for bytes in (0..3 * 1024 * 1024)
            .step_by(997)
            .chain([1536, 2560, 1024 * 1024 * 5 / 4])
        {
            let size = bytes as f64;
            let float = if size >= 1024.0 * 1024.0 {
                format!("{:.1} MB", size / (1024.0 * 1024.0))
            } else if size >= 1024.0 {
                format!("{:.0} KB", size / 1024.0)
            } else {
                format!("{bytes} B")
            };
            assert_eq!(readable_size(bytes), float, "{bytes} bytes");
        }
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
        assert_eq!(uploads.0[0].percent(), 50);
        uploads.progress("c1", 0.456);
        assert_eq!(uploads.0[0].percent(), 46);
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
