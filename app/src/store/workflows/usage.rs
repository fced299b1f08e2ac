//! Which published workflows name something a person is about to remove, for the
//! warning in its confirmation.
use super::super::pipelines::load_pipelines;
use super::super::{Store, StoreError};
use super::parse_definition;
use crate::domain::pipeline::PipelineId;
use crate::domain::workflow::references::{mentions, Reference};

impl Store {
    /// The names of the published workflows whose running version names `reference`, in
    /// name order. Deleting a pipeline removes its stages too, so a workflow naming one
    /// of them uses the pipeline.
    pub async fn published_workflows_using(
        &self,
        reference: &Reference,
    ) -> Result<Vec<String>, StoreError> {
        let mut conn = self.pool().acquire().await?;
        let mut wanted = vec![reference.clone()];
        if let Reference::Pipeline(PipelineId(id)) = reference {
            for pipeline in load_pipelines(&mut *conn, Some(PipelineId(*id))).await? {
                wanted.extend(pipeline.stages.iter().map(|s| Reference::Stage(s.id)));
            }
        }
        let rows: Vec<(String, String)> = sqlx::query_as(
            "SELECT w.name, v.definition FROM workflows w \
             JOIN workflow_versions v ON v.id = w.published_version \
             WHERE w.state = 'published' ORDER BY lower(w.name), w.id",
        )
        .fetch_all(&mut *conn)
        .await?;
        let mut names = Vec::new();
        for (name, definition) in rows {
            let definition = parse_definition(&definition)?;
            if mentions(&definition)
                .iter()
                .any(|m| wanted.contains(&m.reference))
            {
                names.push(name);
            }
        }
        Ok(names)
    }
}
