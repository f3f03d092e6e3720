//! English.

use super::*;
use otp_api::activity::LoginFactor;
use otp_api::problem::{ErrorCode, FieldErrorCode};

/// The English catalog.
pub const MESSAGES: Messages = Messages {
    common: CommonMessages {
        app_title: "Internet Banking",
        contact_heading: "Contact",
        contact_phone: "Telephone",
        contact_hours: "Hours",
        language_label: "Language",
        other_language: "日本語",
        skip_to_content: "Skip to content",
        loading: "Loading…",
        error_summary_title: "Please check what you entered",
        retry: "Try again",
        span,
        language_failed: "The other language could not be loaded. Please check your connection and press the language button again.",
        config_failed: "We could not load what this page needs. Please check your connection, then press “Try again”.",
    },
    login: LoginMessages {
        page_title: "Log in to Internet Banking.",
        section_title: "Log in",
        instruction: "Enter your contract ID (user number) and login password, then press “Log in”.",
        contract_id_label: "Contract ID (user number)",
        contract_id_hint: |digits| format!("{digits} digits"),
        password_label: "Login password",
        password_hint: |min, max| {
            format!(
                "{min}–{max} half-width letters, digits and symbols, with at least one letter and one digit"
            )
        },
        show_password: "Show password",
        caps_lock_on: "Caps Lock is on.",
        back: "Back",
        submit: "Log in",
        submitting: "Logging in…",
        passkey_or: "or",
        passkey_button: "Log in with a passkey",
        passkey_pending: "Checking your passkey…",
        passkey_note: "If you have registered a passkey, you can log in without typing your contract ID and password.",
        notes: &[
            "Letters are case-sensitive.",
            "You can use your browser’s Back and Forward buttons.",
            "You can change the text size with your browser’s zoom.",
        ],
        lock_note: |failures| {
            format!(
                "After {failures} wrong login passwords in a row, your account is locked for your safety."
            )
        },
        otp_section_title: "One-time password management",
        otp_section_lead: "Manage your one-time password token.",
        otp_instructions: &[
            "To start using one-time passwords, press “Activate”.",
            "To move to a new token (for example, a new phone), press “Exchange”.",
            "To stop using one-time passwords, press “Stop”.",
        ],
        activate: "Activate",
        exchange: "Exchange",
        stop: "Stop",
        otp_guide_link: "About one-time passwords (overview)",
        caution_title: "Caution",
        caution_uninstall: "Do not uninstall your old software token until the new one has been registered.",
    },
    otp_login: OtpLoginMessages {
        page_title: "Log in — one-time password",
        lead: "Enter the one-time password shown in your software token app, then press “Log in”.",
        otp_label: "One-time password",
        submit: "Log in",
        back_to_login: "Back to the login page",
    },
    home: HomeMessages {
        welcome: |name| format!("Welcome, {name}"),
        logout: "Log out",
        token_title: "One-time password",
        token_none: "You have no one-time password token registered.",
        token_serial: "Serial number",
        token_since: "In use since",
        token_last_used: "Last used",
        token_never_used: "Not used yet",
        token_status: "Status",
        token_active: "In use",
        token_locked: |bank| format!("Locked (please contact {bank})"),
        procedures_title: "One-time password management",
        procedures_lead: "Activate, exchange or stop your token here.",
        idle_title: "You will be logged out soon",
        idle_body: |seconds| {
            format!(
                "Because there has been no activity, you will be logged out in {seconds} seconds. To stay logged in, press “Stay logged in”."
            )
        },
        idle_continue: "Stay logged in",
        passkeys: PasskeyMessages {
            title: "Passkeys",
            lead: "With a passkey you log in with your phone's face or fingerprint recognition or its screen lock alone. A passkey works only on this site, so even a fake site cannot use it to log in or to exchange or stop your token.",
            none: "You have no passkey yet.",
            register: "Register a passkey",
            registering: "Registering the passkey…",
            default_name: |n| format!("Passkey {n}"),
            added: "Registered",
            last_used: "Last used",
            never_used: "Not used yet",
            synced: "Works on several devices (synced)",
            device_bound: "This device or security key only",
            rename: "Rename",
            remove: "Remove",
            name_label: "Passkey name",
            save: "Save",
            cancel: "Cancel",
            remove_question: |name| {
                format!("Remove “{name}”? You will no longer be able to log in with this passkey.")
            },
            remove_confirm: "Remove",
            limit: |max| format!("You can register up to {max} passkeys."),
            confirm_otp_lead: "Before you register or remove a passkey, we need to confirm it is you. Enter the one-time password shown on your token.",
            confirm_passkey_lead: "Before you register or remove a passkey, confirm it is you with one of your passkeys. A one-time password is not enough here (it could have been typed into a fake site).",
            confirm_otp_button: "Confirm",
            confirm_passkey_button: "Confirm with passkey",
            confirmed: |minutes| {
                format!("Thank you, it is confirmed. Please go on within {minutes} minutes.")
            },
            added_notice: "Your passkey is registered. Next time, choose “Log in with a passkey”.",
            renamed_notice: "The passkey was renamed.",
            removed_notice: "The passkey was removed.",
            needs_token: "To register a passkey, first start using one-time passwords (“Activate”).",
        },
    },
    previous_login: PreviousLoginMessages {
        title: "Previous login",
        when_how: |when, factor| {
            let how = match factor {
                LoginFactor::PasswordOtp => "password and one-time password",
                LoginFactor::Passkey => "passkey",
                LoginFactor::Password => "password only",
            };
            format!("{when} ({how})")
        },
        first_login: "This is your first login.",
        failed_passwords: |n, since| match since {
            true => format!(
                "Since your previous login, a wrong login password was entered {}.",
                times(n)
            ),
            false => format!("So far, a wrong login password was entered {}.", times(n)),
        },
        failed_otps: |n, since| match since {
            true => format!(
                "Since your previous login, a wrong one-time password was entered {}.",
                times(n)
            ),
            false => format!(
                "So far, a wrong one-time password was entered {}.",
                times(n)
            ),
        },
        not_me_lead: "If this was not you, press \u{201c}This wasn't me\u{201d}.",
        not_me: "This wasn't me",
        history_link: "See recent activity",
    },
    activity: ActivityMessages {
        page_title: "Recent activity",
        lead: |days| format!("Logins and procedures of the last {days} days, newest first."),
        empty: "Nothing was recorded in this period.",
        list_label: "Recent activity",
        event: |e, bank| {
            use otp_api::activity::ActivityKind as K;
            use otp_api::procedure::ProcedureKind as P;
            let procedure = match e.procedure {
                Some(P::Activate) => "Activation",
                Some(P::Exchange) => "Exchange",
                Some(P::Stop) => "Stop",
                None => "A procedure",
            };
            let serial = e.serial_masked.as_deref().unwrap_or("");
            match e.kind {
                K::LoginSucceeded => match e.factor {
                    Some(LoginFactor::Passkey) => "Login (passkey)".into(),
                    Some(LoginFactor::Password) => "Login (password only)".into(),
                    _ => "Login (password and one-time password)".into(),
                },
                K::PasswordAccepted => {
                    "Login password accepted (before the one-time password)".into()
                }
                K::LoginFailedPassword => "Wrong login password".into(),
                K::LoginFailedOtp => "Wrong one-time password at login".into(),
                K::LoginFailedPasskey => "Passkey login failed".into(),
                K::LoginRefusedLocked => "Login refused: locked".into(),
                K::Logout => "Logout".into(),
                K::ProcedureStarted => format!("{procedure} started"),
                K::ProcedureCheckFailed => "Wrong answer during a procedure".into(),
                K::ProcedureCompleted => format!("{procedure} completed"),
                K::ProcedureCancelled => "Procedure cancelled".into(),
                K::ProcedureEnded => {
                    "Procedure ended after too many wrong one-time passwords".into()
                }
                K::ProcedureExpired => format!("{procedure} expired"),
                K::TokenRegistered => format!("Token {serial} put into use"),
                K::TokenReleased => format!("Token {serial} no longer used"),
                K::TokenProvisionedByBank => format!("Token {serial} registered by {bank}"),
                K::TokenRevokedByBank => format!("Token {serial} stopped by {bank}"),
                K::PasskeyAdded => "Passkey registered".into(),
                K::PasskeyRenamed => "Passkey renamed".into(),
                K::PasskeyRemoved if e.by_bank => format!("Passkey removed by {bank}"),
                K::PasskeyRemoved => "Passkey removed".into(),
                K::AccountLocked => "Login locked after too many wrong passwords".into(),
                K::TokenLocked => "Token locked after too many wrong one-time passwords".into(),
                K::UnlockedByBank => format!("Unlocked by {bank}"),
                K::SessionsEnded => "Logins on other devices and browsers ended".into(),
                K::SessionsEndedLimit => "Oldest login ended: too many at once".into(),
                K::CustomerReported => "Reported: \u{201c}This wasn't me\u{201d}".into(),
            }
        },
        device: |browser, os, address| {
            let agent = match (browser, os) {
                (Some(b), Some(o)) => format!("{b} on {o}"),
                (Some(one), None) | (None, Some(one)) => one.to_owned(),
                (None, None) => "Unknown browser".to_owned(),
            };
            match address {
                Some(a) => format!("{agent}, {a}"),
                None => agent,
            }
        },
        by_bank: |bank| format!("By {bank}"),
        page_of: |page, pages| format!("Page {page} of {pages}"),
        newer: "Newer",
        older: "Older",
        pages_label: "Pages",
        back_home: "Back to home",
        back_to_login: "Back to the login screen",
        report_title: "If this wasn't you",
        report_lead: "If a login or a procedure was not yours, report it. Reporting does the following:",
        report_does: [
            "Ends every login on other devices and browsers (this one stays).",
            "Cancels any activation, exchange or stop in progress.",
            "Records your report for our staff.",
        ],
        report_locks: |bank| {
            format!(
                "It also stops logins: you cannot log in until {bank} has checked and unlocked your account."
            )
        },
        report_confirm: "Report: this wasn't me",
        reporting: "Reporting…",
        report_back: "Back",
        reported_title: "Your report was received",
        reported_sessions: |n| match n {
            0 => "No other device or browser was logged in.".into(),
            1 => "The login on 1 other device or browser was ended.".into(),
            n => format!("The logins on {n} other devices or browsers were ended."),
        },
        reported_procedures: |n| match n {
            0 => "No procedure was in progress.".into(),
            1 => "1 procedure was cancelled.".into(),
            n => format!("{n} procedures were cancelled."),
        },
        reported_locked: |bank| {
            let bank = capitalised(bank);
            format!("Logins are stopped. {bank} will check and unlock your account.")
        },
        next_title: "What to do next",
        next_call: |bank| format!("Please call the help desk of {bank} as soon as possible."),
        next_stop: |bank| {
            let bank = capitalised(bank);
            format!("{bank} can stop your one-time password token and remove your passkeys.")
        },
        next_password: "Someone may know your login password. Change it in internet banking.",
        next_never: |bank| {
            let bank = capitalised(bank);
            format!("{bank} never asks for your password or one-time password by mail or phone.")
        },
    },
    procedure: ProcedureMessages {
        activate_title: "Activate one-time passwords",
        exchange_title: "Exchange your token",
        stop_title: "Stop using one-time passwords",
        activate_lead: "Register a new software token to start using one-time passwords. Enter your contract ID and login password, then choose “Next”.",
        exchange_lead: "Move to a new software token, for example on a new phone. You need your old software token for this. Enter your contract ID and login password, then choose “Next”.",
        stop_lead: "Stop using one-time passwords. You need the software token you use now for this. Enter your contract ID and login password, then choose “Next”.",
        steps_label: "Steps",
        step_credentials: "Contract ID and password",
        step_current_token: "Current token",
        step_passkey: "Passkey",
        step_new_token: "New token",
        step_confirm: "Confirm",
        step_completed: "Done",
        step_done_suffix: " (done)",
        next: "Next",
        register: "Register",
        sending: "Sending…",
        cancel: "Cancel and return to the login page",
        current_token_lead: "Enter the one-time password shown on your current token (the one you use now), then choose “Next”.",
        passkey_lead: "This procedure is confirmed with your registered passkey. Choose “Confirm with passkey” and follow the instructions on the screen.",
        passkey_why: "A passkey works only on this site, so even if you typed your password and one-time password into a fake site, nobody else can carry out this procedure.",
        passkey_button: "Confirm with passkey",
        passkey_lost: "If you no longer have the device you registered a passkey on, please contact us below.",
        new_token_lead: "Enter the serial number and the one-time password of your new token, then choose “Register”.",
        serial_label: "Serial number",
        serial_hint: |letters, digits, example| {
            format!(
                "{} (e.g. {example}); lower case is fine",
                serial_shape(letters, digits)
            )
        },
        otp_label: "One-time password",
        otp_hint: |digits| format!("The {digits} digits shown on the token"),
        expires_note: |time| format!("Please finish this procedure by {time}."),
        first_step_title: "Before you start",
        install_app_activate: |app, bank| match app {
            Some(app) => format!(
                "Before you start, download {bank}’s software token app “{app}” to your phone or computer."
            ),
            None => format!(
                "Before you start, download {bank}’s software token app to your phone or computer."
            ),
        },
        install_app_exchange: |app, _| match app {
            Some(app) => format!(
                "Download the new software token app “{app}” to the device you are moving to."
            ),
            None => {
                "Download the new software token app to the device you are moving to.".to_owned()
            }
        },
        app_store: "App Store (iPhone)",
        google_play: "Google Play (Android)",
        time_limit: |span| {
            format!(
                "Once you press “Next”, you have {span} to finish. Have the app ready before you start."
            )
        },
        exchange_cases_lead: "You exchange your token yourself when:",
        exchange_cases: &[
            "you replace the device the app is installed on (a new phone or computer);",
            "you move the app from a computer to another device, such as a phone;",
            "you replace the software token app on the same device.",
        ],
        exchange_warning: "Do not uninstall your old software token until the new one has been registered.",
        no_old_token: |bank| {
            format!("If you no longer have your old software token, please contact {bank}.")
        },
        notice_sent: "We are sending a notice of this change to your registered e-mail address.",
        stop_confirm_lead: "If you stop using one-time passwords, the following applies. If that is what you want, press “Stop using”.",
        stop_confirm_points: &[
            "You will no longer enter a one-time password when you log in.",
            "Your current software token stops working (you may uninstall it).",
            "To use one-time passwords again, you need to go through “Activate”.",
        ],
        stop_confirm_button: "Stop using",
        activate_done_title: "One-time passwords are now active",
        activate_done_body: "From your next login, you will enter the one-time password shown in your software token.",
        exchange_done_title: "Your token has been exchanged",
        exchange_done_body: "From your next login, use your new software token. The old one no longer works (you may uninstall it).",
        stop_done_title: "You have stopped using one-time passwords",
        stop_done_body: "You may uninstall the software token. To use one-time passwords again, choose “Activate”.",
        cancelled_title: "The procedure was cancelled",
        cancelled_body: "Nothing has been changed.",
        registered_serial: "Registered serial number",
        back_to_login: "To the login page",
        loading_procedure: "Checking the procedure…",
    },
    problems: ProblemMessages {
        to_login: "To the login page",
        no_active_token_title: "You have no one-time password token in use",
        no_active_token_body: "This procedure needs the software token you use now. If you have not registered one yet, please do so with “Activate”.",
        go_activate: "Go to Activate",
        token_already_active_title: "You already use a one-time password token",
        token_already_active_body: "Only one token can be registered per contract. To move to a new phone or app, choose “Exchange”.",
        go_exchange: "Go to Exchange",
        account_locked_title: "Your account is locked",
        account_locked_body: |bank| {
            format!(
                "The login password was entered wrongly too many times, so we have locked your account for your safety. To unlock it, please contact {bank}."
            )
        },
        passkey_required_title: "A passkey is needed",
        passkey_required_body: |bank| {
            format!(
                "At {bank}, exchanging or stopping a token needs a passkey. Log in, register a passkey on the home screen, then start the procedure again. If you no longer have the device you registered a passkey on, please contact us."
            )
        },
        token_locked_title: "Your token is locked",
        token_locked_body: |bank| {
            format!(
                "The one-time password was entered wrongly too many times, so we have locked your token for your safety. To unlock it, please contact {bank}."
            )
        },
        procedure_expired_title: "The time for this procedure has run out",
        procedure_expired_body: |span| {
            format!(
                "A procedure must be finished within {span} of starting. Nothing has been changed. Please start again."
            )
        },
        procedure_attempts_exceeded_title: "The procedure has ended",
        procedure_attempts_exceeded_body: "The new token’s one-time password was entered wrongly too many times, so we ended this procedure for your safety. Nothing has been changed. Please check the serial number and the one-time password shown in the app, then start again.",
        account_locked_temporary_body: "The login password was entered wrongly too many times, so we have paused your account for a while for your safety.",
        procedure_not_found_title: "We could not find this procedure",
        procedure_not_found_body: "A procedure can only be continued in the browser that started it. Nothing has been changed. Please start again.",
        procedure_superseded_title: "This procedure cannot continue",
        procedure_superseded_body: "Your token was changed in another window or procedure. Please log in again to see what is registered now.",
        session_expired_title: "You have been logged out",
        start_again: "Start again",
    },
    help: HelpMessages {
        otp_title: "About one-time passwords",
        otp_sections,
        keyboard_title: "How to use the software keyboard",
        keyboard_sections: &[
            (
                "What is the software keyboard?",
                &[
                    "A keyboard shown on the screen: you click or tap its keys to type your password. It protects you from malicious programs (key loggers) that record what is typed on the physical keyboard.",
                    "Using it is up to you. You can still type, paste, or use your password manager as usual.",
                ],
            ),
            (
                "Opening and closing it",
                &[
                    "Press “Software keyboard” next to the login password field to open it, and “Close” to close it.",
                ],
            ),
            (
                "Capital letters (Shift and Caps)",
                &[
                    "“Shift” makes only the next letter a capital. “Caps” keeps capitals on until you press it again. The keyboard shows which one is on.",
                ],
            ),
            (
                "Deleting",
                &[
                    "“Delete one” removes the last character; “Clear all” removes everything you typed.",
                ],
            ),
            (
                "Why the keys move",
                &[
                    "So that nobody can guess what you typed from where you clicked, the letter and digit keys are shuffled each time the keyboard opens.",
                    "To keep the usual order, tick “Fixed key layout”. Your browser remembers this choice.",
                ],
            ),
            (
                "Using it with the keyboard only",
                &[
                    "Move to the software keyboard with Tab, choose a key with the arrow keys, and press it with Enter or Space.",
                ],
            ),
        ],
        back: "Back to the login page",
    },
    keyboard: KeyboardMessages {
        toggle: "Software keyboard",
        help_link: "How to use",
        group_label: "Software keyboard",
        fixed_layout: "Fixed key layout",
        shuffled_note: "For your safety, the letter and digit keys move each time the keyboard opens.",
        shift: "Shift",
        caps: "Caps",
        backspace: "Delete one",
        clear: "Clear all",
        close: "Close",
        state_lower: "Typing lower case",
        state_shift: "Next letter in upper case (Shift)",
        state_caps: "Typing upper case (Caps)",
        capital: |letter| format!("capital {letter}"),
        small: |letter| format!("small {letter}"),
        symbol_names: &[
            ('!', "exclamation mark"),
            ('#', "hash"),
            ('$', "dollar"),
            ('%', "percent"),
            ('&', "ampersand"),
            ('(', "left parenthesis"),
            (')', "right parenthesis"),
            ('*', "asterisk"),
            ('+', "plus"),
            (',', "comma"),
            ('-', "hyphen"),
            ('.', "full stop"),
            ('/', "slash"),
            (':', "colon"),
            (';', "semicolon"),
            ('<', "less than"),
            ('=', "equals"),
            ('>', "greater than"),
            ('?', "question mark"),
            ('@', "at sign"),
            ('[', "left square bracket"),
            (']', "right square bracket"),
            ('^', "caret"),
            ('_', "underscore"),
            ('{', "left curly bracket"),
            ('|', "vertical bar"),
            ('}', "right curly bracket"),
            ('~', "tilde"),
        ],
    },
    #[cfg(feature = "demo")]
    demo: DemoMessages {
        open_button: "Demo tokens",
        panel_title: "Demo software tokens",
        panel_note: "This is a demo. It works inside this browser in place of the real token app.",
        passkey_note: "Passkeys are real in this demo too: register one from home with your device's face or fingerprint recognition or a security key (they work when the site is opened at http://localhost).",
        add: "Add a token",
        adding: "Adding…",
        empty: "No tokens yet. “Add a token” adds one, as if you installed the app on a new phone.",
        serial: "Serial number",
        code: "One-time password",
        seconds_left: |seconds| format!("{seconds} s left"),
        copy: "Copy",
        copied: "Copied",
        remove: "Remove (uninstall)",
        remove_warning_title: "This token is registered",
        remove_confirm: "Remove",
        remove_cancel: "Keep it",
        discarded_notice: "The demo tokens stored in this browser could not be read and were removed.",
        new_code: |serial| format!("New one-time password shown for {serial}"),
        fill_label: "Fill in from a demo token",
        close: "Close",
        registered: "registered",
    },
    #[cfg(feature = "gallery")]
    gallery: GalleryMessages {
        title: "Screen gallery",
        count: |count| format!("{count} screens and states"),
        index: "Index",
        controls: "Display controls",
        language: "Language:",
        width: "Width:",
        theme: "Theme:",
        unknown: "No such screen or state.",
        bank: "Bank:",
        bank_loading: "Loading the bank's configuration…",
        bank_missing: |name| format!("The bank's file gallery-banks/{name}.json cannot be read."),
        clock: "Clock:",
        clock_live: "live",
        stress: "Stress:",
        modes: [
            "pseudo-locale",
            "long names",
            "text 200%",
            "forced colours",
            "reduced motion",
        ],
        stories: "Screens and states",
        search: "Search",
        axe_title: "Accessibility (axe-core)",
        axe_run: "Check this screen",
        axe_running: "Checking…",
        axe_none: "No violations found.",
        axe_failed: "axe-core could not be loaded.",
        axe_count: |count| format!("{count} violation(s) (the elements are outlined)"),
        contrast_title: "Contrast (WCAG 2.2 AA)",
        contrast_columns: ["Text or part", "Background", "Ratio", "Needed"],
        contrast_pass: "pass",
        contrast_fail: "fail",
        theme_title: "Theme editor",
        theme_name: "Theme name",
        theme_export: "Theme file (to commit under style/)",
        theme_import: "Paste a theme file",
        theme_apply: "Apply",
        notes_title: "About this state",
        notes_labels: [
            "What it is",
            "When a customer meets it",
            "Error code",
            "The seed's wording",
        ],
        notes_none: "none",
        save_png: "Save as PNG",
        save_png_failed: "The picture could not be made.",
    },
    not_found: NotFoundMessages {
        title: "Page not found",
        body: "The page you are looking for may have moved or been removed.",
        back_to_login: "Back to the login page",
    },
    error,
    field,
    errors: ErrorMessages {
        network: "We could not connect. Please check your connection and try again.",
        passkey_cancelled: "The passkey request was cancelled. Try again, or choose another way.",
        passkey_on_device: "A passkey on this device is already registered.",
        passkey_failed: "Passkeys could not be used on this device or browser. Please choose another way.",
        remaining_password_attempts: |attempts| {
            format!("Attempts left before your account is locked: {attempts}.")
        },
        remaining_otp_attempts: |attempts| {
            format!("Attempts left before your token is locked: {attempts}.")
        },
        retry_after_seconds: |seconds| {
            format!("Please wait about {seconds} seconds and try again.")
        },
        retry_after_minutes: |minutes| {
            format!("Please wait about {minutes} minutes and try again.")
        },
        retry_later: "Please wait a while and try again.",
    },
};

/// The English message for an API error code.
const fn error(code: ErrorCode) -> &'static str {
    use ErrorCode::*;
    match code {
        MalformedRequest => {
            "We could not read what was sent. Please reload the page and try again."
        }
        Validation => "Some entries need correcting. Please see the message under each field.",
        InvalidCredentials => "The contract ID or the login password is incorrect.",
        OtpInvalid => {
            "The one-time password is incorrect. Enter the latest number shown on your token."
        }
        Unauthenticated => "You are not logged in. Please log in again.",
        SessionExpired => "You were logged out after a period of inactivity. Please log in again.",
        ForbiddenOrigin => {
            "This action is not allowed from this page. Please open the login page again."
        }
        ProcedureNotFound => "We could not find this procedure. Please start again.",
        NotFound => "We could not find what you are looking for.",
        MethodNotAllowed => "This action is not accepted.",
        NoActiveToken => {
            "You have no one-time password token in use. Please register one with “Activate”."
        }
        TokenAlreadyActive => {
            "You already use a one-time password token. To move to a new one, choose “Exchange”."
        }
        SerialUnavailable => {
            "This serial number cannot be registered. Please check the serial number shown on your token."
        }
        StepOutOfOrder => {
            "The steps were taken out of order. Please continue from the screen shown."
        }
        ProcedureSuperseded => {
            "Your token was changed by another procedure, so this one cannot continue. Please start again."
        }
        ProcedureExpired => "The time allowed for this procedure has passed. Please start again.",
        PayloadTooLarge => "What was sent is too large.",
        UnsupportedMediaType => "What was sent is in the wrong format.",
        SerialUnknown => "We do not know this serial number. Please check it for typing mistakes.",
        AccountLocked => {
            "Your account is locked after too many wrong passwords. Please contact the help desk."
        }
        TokenLocked => {
            "Your token is locked after too many wrong one-time passwords. Please contact the help desk."
        }
        RateLimited => {
            "There have been too many failed attempts, so we are not accepting more for a while."
        }
        MisdirectedRequest => {
            "This address cannot be used. Please open the login page again from the bank’s website."
        }
        ProcedureAttemptsExceeded => {
            "The new token’s one-time password was wrong too many times, so the procedure has ended. Please start again."
        }
        PasskeyInvalid => {
            "The passkey could not be confirmed. Try again with a passkey registered for this site."
        }
        PasskeyExpired => "The passkey check took too long. Please try again.",
        ConfirmationRequired => {
            "Before you do this, we need to confirm it is you. Please follow the instructions shown."
        }
        PasskeyRequired => {
            "This procedure needs a passkey. Log in and register one on the home screen first."
        }
        PasskeyLimit => {
            "You have registered as many passkeys as allowed. Remove one you no longer use first."
        }
        PasskeyAlreadyRegistered => "This passkey is already registered.",
        PasskeyNotFound => "This passkey was not found. Please reload the page.",
        Internal => "We cannot process this right now. Please wait a moment and try again.",
        ServiceUnavailable => {
            "We cannot accept this right now. Nothing has been changed. Please wait a while and try again."
        }
        Unknown => "Something went wrong. Please wait a moment and try again.",
    }
}

/// The English message for a field error code.
const fn field(code: FieldErrorCode) -> &'static str {
    use FieldErrorCode::*;
    match code {
        Required => "Please fill this in.",
        InvalidCharacters => "Contains characters that cannot be used.",
        FullWidth => {
            "Contains full-width characters. Turn Japanese input off and type half-width characters."
        }
        TooShort => "Too short.",
        TooLong => "Too long.",
        WrongLength => "Wrong number of digits.",
        MissingLetter => "Include at least one letter.",
        MissingDigit => "Include at least one digit.",
        Pattern => "The format is not right.",
        Unknown => "Please check this entry.",
    }
}

/// A span of seconds: whole minutes as minutes.
fn span(seconds: u32) -> String {
    match (seconds % 60, seconds / 60) {
        (0, 1) => "1 minute".to_owned(),
        (0, minutes) => format!("{minutes} minutes"),
        _ => format!("{seconds} seconds"),
    }
}

/// A serial's shape: "4 letters and 8 digits".
fn serial_shape(letters: u8, digits: u8) -> String {
    match letters {
        0 => format!("{digits} digits"),
        _ => format!("{letters} letters and {digits} digits"),
    }
}

/// About one-time passwords, with the bank's values.
fn otp_sections(f: &OtpFacts) -> Vec<FilledSection> {
    let (digits, failures, bank) = (f.digits, f.otp_failures, f.bank_self);
    // "every minute", not "every 1 minute".
    let period = match f.period {
        60 => "minute".to_owned(),
        seconds => span(seconds),
    };
    let serial = serial_shape(f.serial.letters, f.serial.digits);
    let example = &f.serial.example;
    vec![
        section(
            "What is a one-time password?",
            &[&format!(
                "A one-time password is a number that changes every {period} and can be used only once. You enter it in addition to your login password, so that even a stolen password is not enough to log in or to make changes."
            )],
        ),
        section(
            "The software token and its serial number",
            &[
                "One-time passwords are shown by the software token app installed on your phone or computer.",
                &format!(
                    "The app also shows the token’s serial number ({serial}, e.g. {example}). You enter it when you activate or exchange a token."
                ),
            ],
        ),
        section(
            &format!("A new number every {period}"),
            &[
                &format!(
                    "The {digits}-digit number changes every {period}. Enter the latest number shown."
                ),
                "The number just before and just after are accepted too, so there is no need to hurry if it changes while you type. A number that has been used once is never accepted again.",
                &format!(
                    "After {failures} wrong numbers in a row, the token is locked for your safety."
                ),
            ],
        ),
        section(
            "One token per contract",
            &[
                "Only one token can be registered per contract; it cannot be added to a second device.",
            ],
        ),
        section(
            "When you get a new phone",
            &[
                "Install the software token app on the new phone, then choose “Exchange” at the bottom of the login page and use both the old and the new token.",
                "Do not uninstall your old software token until the new one has been registered.",
            ],
        ),
        section(
            "If you lose your phone, or no longer have the old token",
            &[&format!(
                "Please contact {bank} at once, so that nobody else can use it. We will stop the token and help you register a new one."
            )],
        ),
    ]
}

/// "once", "3 times".
fn times(n: u32) -> String {
    match n {
        1 => "once".to_owned(),
        n => format!("{n} times"),
    }
}

/// `text` with its first letter capitalised: the bank's self-reference ("the bank") at the
/// start of a sentence. ASCII only: `char::to_uppercase` brings Unicode's case tables into the
/// English chunk (+4.6 KB brotli, measured), and a name that begins with another letter is
/// written as the bank writes it.
fn capitalised(text: &str) -> String {
    let mut text = text.to_owned();
    if let Some(first) = text.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::capitalised;

    #[test]
    fn capitalised_raises_an_ascii_first_letter_only() {
        assert_eq!(capitalised("the bank"), "The bank");
        assert_eq!(capitalised("Sakura Bank"), "Sakura Bank");
        assert_eq!(capitalised("ébank"), "ébank");
        assert_eq!(capitalised(""), "");
    }
}
