use brisk_model::Team;

use super::http::get;
use super::ApiError;

/// `GET /users/me/teams`.
pub async fn my_teams() -> Result<Vec<Team>, ApiError> {
    get("/users/me/teams").await
}
