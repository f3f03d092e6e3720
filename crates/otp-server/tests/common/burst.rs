//! Many requests at once, and what they were answered.

use std::collections::BTreeMap;

use super::Answer;

/// Answers tallied by their problem code (`ok` for a success).
pub fn tally(answers: &[Answer]) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for a in answers {
        let code = if a.status.is_success() {
            "ok".to_owned()
        } else {
            a.code().to_owned()
        };
        *counts.entry(code).or_default() += 1;
    }
    counts
}

/// `n` requests at once, each made by `make(i)` on its own task; their answers in order.
pub async fn at_once<F, Fut>(n: usize, make: F) -> Vec<Answer>
where
    F: Fn(usize) -> Fut,
    Fut: Future<Output = Answer> + Send + 'static,
{
    let tasks: Vec<_> = (0..n).map(|i| tokio::spawn(make(i))).collect();
    let mut answers = Vec::new();
    for t in tasks {
        answers.push(t.await.unwrap());
    }
    answers
}
