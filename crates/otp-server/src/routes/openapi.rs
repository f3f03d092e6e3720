//! The OpenAPI 3.1 document of the contract, generated from the handlers' annotations and the
//! `otp-api` types, served at `GET /openapi.json` and committed as `openapi.json` at the
//! crate's root (a test keeps the two equal).

use axum::Json;
use utoipa::openapi::path::Operation;
use utoipa::openapi::response::ResponseBuilder;
use utoipa::openapi::{ContentBuilder, OpenApi as Document, Ref};
use utoipa::{Modify, OpenApi};

use otp_api::activity::{
    ActivityEvent, ActivityKind, ActivityPage, FailedLogins, LoginFactor, PreviousLogin,
    ReportOutcome,
};
use otp_api::config::{Contact, FieldRules, Localized, PublicConfig};
use otp_api::problem::{ErrorCode, Field, FieldError, FieldErrorCode, Problem};
use otp_api::procedure::{
    DemoToken, NewTokenRequest, OtpRequest, Procedure, ProcedureKind, ProcedureStep,
    StartProcedureRequest,
};
use otp_api::session::{Customer, LoginRequest, LoginResponse, SessionInfo, TokenStatus};
use otp_api::totp::{TotpAlgorithm, TotpParams};
use otp_api::validate::{ContractIdRule, PasswordRule, SerialRule};

use otp_api::passkey::{FactorChanges, PasskeyInfo, PasskeyList, PasskeyName, PasskeyRules, Proof};

use utoipa_axum::router::OpenApiRouter;

use crate::AppState;
use crate::passkeys::ceremony::{CeremonyAnswer, CeremonyOptions};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "otp-portal bank API",
        description = "The contract a bank's API honours for the otp-portal SPA: login, the \
                       session, and the one-time-password token procedures 利用開始 (activate), \
                       交換 (exchange) and 利用中止 (stop). Every error is RFC 9457 \
                       application/problem+json with a stable `code`.",
        version = "1.0.0",
    ),
    servers((url = "/api/v1")),
    components(schemas(
        ErrorCode, Field, FieldError, FieldErrorCode, Problem, PublicConfig, Localized, Contact,
        FieldRules, ContractIdRule, PasswordRule, SerialRule, LoginRequest, LoginResponse,
        Customer, SessionInfo, TokenStatus, StartProcedureRequest, OtpRequest, NewTokenRequest,
        Procedure, ProcedureKind, ProcedureStep, DemoToken, TotpAlgorithm, TotpParams,
        FactorChanges, PasskeyInfo, PasskeyList, PasskeyName, PasskeyRules, Proof,
        CeremonyAnswer, CeremonyOptions, ActivityPage, ActivityEvent, ActivityKind,
        LoginFactor, PreviousLogin, FailedLogins, ReportOutcome,
    )),
)]
struct ApiDoc;

/// Gives every error answer a handler names its problem+json body, and adds the answers any
/// operation can give (malformed body, wrong media type, too large, the host and same-origin
/// checks, server failure) to every operation.
struct CommonProblems;

fn problem_response(description: &str) -> utoipa::openapi::Response {
    ResponseBuilder::new()
        .description(description)
        .content(
            otp_api::PROBLEM_CONTENT_TYPE,
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("Problem")))
                .build(),
        )
        .build()
}

fn add_common(operation: &mut Operation, has_body: bool, changes_state: bool) {
    let responses = &mut operation.responses.responses;
    // Every error a handler names is a problem+json `Problem`: the annotations say only the
    // status and what it means.
    for (status, response) in responses.iter_mut() {
        if let utoipa::openapi::RefOr::T(response) = response
            && status.starts_with(['4', '5'])
            && response.content.is_empty()
        {
            *response = problem_response(&response.description);
        }
    }
    let mut add = |status: &str, description: &str| {
        responses
            .entry(status.to_owned())
            .or_insert_with(|| problem_response(description).into());
    };
    if has_body {
        add(
            "400",
            "`malformed_request`: not JSON, wrong types or unknown fields",
        );
        add("413", "`payload_too_large`");
        add(
            "415",
            "`unsupported_media_type`: the body must be application/json",
        );
    }
    if changes_state {
        add(
            "403",
            "`forbidden_origin`: the request's Origin is not one of the server's public origins",
        );
    }
    add(
        "421",
        "`misdirected_request`: the request's Host is not one of the server's public origins",
    );
    add("500", "`internal`");
}

impl Modify for CommonProblems {
    fn modify(&self, openapi: &mut Document) {
        for item in openapi.paths.paths.values_mut() {
            for (operation, changes_state) in [
                (item.get.as_mut(), false),
                (item.post.as_mut(), true),
                (item.delete.as_mut(), true),
            ] {
                if let Some(operation) = operation {
                    let has_body = operation.request_body.is_some();
                    add_common(operation, has_body, changes_state);
                }
            }
        }
    }
}

/// The contract's OpenAPI document: the operations of the router's endpoints (one list,
/// `super::endpoints`), the schemas and the common problems.
pub fn document() -> Document {
    let (_, mut document) = OpenApiRouter::<AppState>::with_openapi(ApiDoc::openapi())
        .merge(super::endpoints())
        .split_for_parts();
    CommonProblems.modify(&mut document);
    document
}

/// The document as committed: pretty JSON with a final newline.
pub fn document_json() -> String {
    let mut json = document()
        .to_pretty_json()
        .expect("the document serializes");
    json.push('\n');
    json
}

/// This document.
#[utoipa::path(
    get, path = "/openapi.json", tag = "contract",
    responses((status = 200, description = "The OpenAPI 3.1 document", content_type = "application/json", body = Object))
)]
pub async fn get_openapi() -> Json<Document> {
    Json(document())
}
