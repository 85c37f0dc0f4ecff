//! Uploaded files on disk, under `<data-dir>/files/`: the original as `<id>`, and for images a
//! `<id>_thumb.jpg` and `<id>_preview.jpg`. Names on disk are ids only, never what the user sent.
//! An upload is written to `tmp/` first and moved into place whole, so a crash never leaves half a
//! file under a real id.

use std::path::{Path, PathBuf};

use crate::error::{ApiError, ApiResult};

/// Which rendition of a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rendition {
    Original,
    Thumbnail,
    Preview,
}

/// The files directory.
#[derive(Clone, Debug)]
pub struct FileStore {
    dir: PathBuf,
}

impl FileStore {
    /// Creates `<data_dir>/files/tmp` if needed and clears uploads a crash left behind.
    pub fn open(data_dir: &Path) -> std::io::Result<Self> {
        let dir = data_dir.join("files");
        let tmp = dir.join("tmp");
        if tmp.exists() {
            std::fs::remove_dir_all(&tmp)?;
        }
        std::fs::create_dir_all(&tmp)?;
        Ok(Self { dir })
    }

    /// Where a rendition of file `id` lives (`id` is a server-made id, so safe in a path).
    pub fn path(&self, id: &str, rendition: Rendition) -> PathBuf {
        match rendition {
            Rendition::Original => self.dir.join(id),
            Rendition::Thumbnail => self.dir.join(format!("{id}_thumb.jpg")),
            Rendition::Preview => self.dir.join(format!("{id}_preview.jpg")),
        }
    }

    /// A fresh path for an upload in progress.
    pub fn temp_path(&self, id: &str) -> PathBuf {
        self.dir.join("tmp").join(id)
    }

    /// Moves a finished upload into place as file `id`.
    pub async fn commit(&self, temp: &Path, id: &str) -> ApiResult<()> {
        tokio::fs::rename(temp, self.path(id, Rendition::Original))
            .await
            .map_err(|err| ApiError::internal(format!("store upload: {err}")))
    }

    /// Removes every rendition of file `id` (after a failed upload).
    pub async fn remove(&self, id: &str) {
        for rendition in [
            Rendition::Original,
            Rendition::Thumbnail,
            Rendition::Preview,
        ] {
            let _ = tokio::fs::remove_file(self.path(id, rendition)).await;
        }
    }
}
