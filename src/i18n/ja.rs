//! 日本語 (the default). Wording follows the bank's original help page.

use super::*;
use otp_api::activity::LoginFactor;
use otp_api::problem::{ErrorCode, FieldErrorCode};

/// The Japanese catalog.
pub const MESSAGES: Messages = Messages {
    common: CommonMessages {
        app_title: "インターネットバンキング",
        contact_heading: "お問い合わせ先",
        contact_phone: "電話番号",
        contact_hours: "受付時間",
        language_label: "表示言語",
        other_language: "English",
        skip_to_content: "本文へ移動",
        loading: "読み込み中です…",
        error_summary_title: "入力内容をご確認ください",
        retry: "もう一度試す",
        span,
        config_failed: "画面を表示するための情報を読み込めませんでした。電波の状態やインターネット接続をご確認のうえ、「もう一度試す」を押してください。",
        language_failed: "英語の表示を読み込めませんでした。インターネット接続をご確認のうえ、もう一度「English」を押してください。",
    },
    login: LoginMessages {
        page_title: "インターネットバンキングにログインします。",
        section_title: "ログイン",
        instruction: "契約者ID(利用者番号)、ログインパスワードを入力し、「ログイン」ボタンを押してください。",
        contract_id_label: "契約者ID(利用者番号)",
        contract_id_hint: |digits| format!("{digits}桁の数字(全角でも入力できます)"),
        password_label: "ログインパスワード",
        password_hint: |min, max| {
            format!("{min}〜{max}文字の半角の英字・数字・記号(英字と数字を1文字以上)")
        },
        show_password: "パスワードを表示する",
        caps_lock_on: "Caps Lock がオンになっています。",
        back: "戻る",
        submit: "ログイン",
        submitting: "ログインしています…",
        passkey_or: "または",
        passkey_button: "パスキーでログイン",
        passkey_pending: "パスキーを確認しています…",
        passkey_note: "パスキーを登録済みの方は、契約者ID・ログインパスワードを入力せずにログインできます。",
        notes: &[
            "英字は大文字と小文字を区別しますので、ご注意ください。",
            "ブラウザの「戻る」「進む」ボタンもお使いいただけます。",
            "文字の大きさは、ブラウザの拡大・縮小で変えられます。",
        ],
        lock_note: |failures| {
            format!(
                "ログインパスワードを{failures}回続けて間違えると、安全のためご利用を停止します。"
            )
        },
        otp_section_title: "ワンタイムパスワード管理",
        otp_section_lead: "ワンタイムパスワードの管理を行います。",
        otp_instructions: &[
            "ワンタイムパスワードを利用開始する場合は、「利用開始」ボタンを押してください。",
            "ワンタイムパスワードを交換する場合は、「交換」ボタンを押してください。",
            "ワンタイムパスワードを利用中止する場合は、「利用中止」ボタンを押してください。",
        ],
        activate: "利用開始",
        exchange: "交換",
        stop: "利用中止",
        otp_guide_link: "ワンタイムパスワードご案内(概要説明はこちら)",
        caution_title: "【注意事項】",
        caution_uninstall: "交換後のソフトウェアトークンの登録が完了するまでは、交換前のソフトウェアトークンをアンインストールしないでください。",
    },
    otp_login: OtpLoginMessages {
        page_title: "ログイン — ワンタイムパスワード",
        lead: "ソフトウェアトークンに表示されているワンタイムパスワードを入力し、「ログイン」ボタンを押してください。",
        otp_label: "ワンタイムパスワード",
        submit: "ログイン",
        back_to_login: "ログイン画面へ戻る",
    },
    home: HomeMessages {
        welcome: |name| format!("ようこそ、{name} 様"),
        logout: "ログアウト",
        token_title: "ワンタイムパスワード",
        token_none: "ワンタイムパスワードは登録されていません。",
        token_serial: "シリアル番号",
        token_since: "利用開始日時",
        token_last_used: "最終利用日時",
        token_never_used: "まだ利用されていません",
        token_status: "状態",
        token_active: "ご利用中",
        token_locked: |bank| format!("ロック中({bank}までご連絡ください)"),
        procedures_title: "ワンタイムパスワード管理",
        procedures_lead: "トークンの利用開始・交換・利用中止は、こちらから行えます。",
        idle_title: "まもなく自動的にログアウトします",
        idle_body: |seconds| {
            format!(
                "操作がないため、あと{seconds}秒で自動的にログアウトします。続ける場合は「ログインを続ける」を押してください。"
            )
        },
        idle_continue: "ログインを続ける",
        passkeys: PasskeyMessages {
            title: "パスキー",
            lead: "パスキーを登録すると、スマートフォンの顔認証・指紋認証や画面ロックだけでログインできます。パスキーはこのサイトでしか使えないため、偽サイトにだまされてもログインや交換・利用中止をされることはありません。",
            none: "パスキーは登録されていません。",
            register: "パスキーを登録",
            registering: "パスキーを登録しています…",
            default_name: |n| format!("パスキー {n}"),
            added: "登録日時",
            last_used: "最終利用日時",
            never_used: "まだ利用されていません",
            synced: "複数の端末で使えます(同期)",
            device_bound: "この端末・セキュリティキーのみ",
            rename: "名前を変更",
            remove: "削除",
            name_label: "パスキーの名前",
            save: "保存",
            cancel: "キャンセル",
            remove_question: |name| {
                format!(
                    "「{name}」を削除しますか?削除すると、このパスキーではログインできなくなります。"
                )
            },
            remove_confirm: "削除する",
            limit: |max| format!("登録できるパスキーは{max}件までです。"),
            confirm_otp_lead: "パスキーの登録・削除の前に、ご本人の確認が必要です。トークンに表示されているワンタイムパスワードを入力してください。",
            confirm_passkey_lead: "パスキーの登録・削除の前に、ご登録のパスキーでご本人の確認が必要です。ワンタイムパスワードでは確認できません(偽サイトに入力された場合に備えるためです)。",
            confirm_otp_button: "確認する",
            confirm_passkey_button: "パスキーで本人確認",
            confirmed: |minutes| {
                format!("ご本人の確認ができました。{minutes}分以内に操作を続けてください。")
            },
            added_notice: "パスキーを登録しました。次回から「パスキーでログイン」をご利用いただけます。",
            renamed_notice: "パスキーの名前を変更しました。",
            removed_notice: "パスキーを削除しました。",
            needs_token: "パスキーを登録するには、先にワンタイムパスワードの「利用開始」が必要です。",
        },
    },
    previous_login: PreviousLoginMessages {
        title: "前回ログイン",
        when_how: |when, factor| {
            let how = match factor {
                LoginFactor::PasswordOtp => "パスワードとワンタイムパスワード",
                LoginFactor::Passkey => "パスキー",
                LoginFactor::Password => "パスワードのみ",
            };
            format!("{when}({how})")
        },
        first_login: "今回が初めてのログインです。",
        failed_passwords: |n, since| match since {
            true => format!("前回のログイン以降、ログインパスワードの誤りが{n}回ありました。"),
            false => format!("これまでに、ログインパスワードの誤りが{n}回ありました。"),
        },
        failed_otps: |n, since| match since {
            true => format!("前回のログイン以降、ワンタイムパスワードの誤りが{n}回ありました。"),
            false => format!("これまでに、ワンタイムパスワードの誤りが{n}回ありました。"),
        },
        not_me_lead: "お客さまご本人のご利用でない場合は、「心当たりがない」を押してください。",
        not_me: "心当たりがない",
        history_link: "ご利用履歴を見る",
    },
    activity: ActivityMessages {
        page_title: "ご利用履歴",
        lead: |days| format!("過去{days}日間の、ログインやお手続きの記録です(新しい順)。"),
        empty: "この期間の記録はありません。",
        list_label: "ご利用履歴の一覧",
        event: |e, bank| {
            use otp_api::activity::ActivityKind as K;
            use otp_api::procedure::ProcedureKind as P;
            let procedure = match e.procedure {
                Some(P::Activate) => "利用開始",
                Some(P::Exchange) => "交換",
                Some(P::Stop) => "利用中止",
                None => "",
            };
            let serial = e.serial_masked.as_deref().unwrap_or("");
            match e.kind {
                K::LoginSucceeded => match e.factor {
                    Some(LoginFactor::Passkey) => "ログイン(パスキー)".into(),
                    Some(LoginFactor::Password) => "ログイン(パスワードのみ)".into(),
                    _ => "ログイン(パスワードとワンタイムパスワード)".into(),
                },
                K::PasswordAccepted => {
                    "ログインパスワードの確認(ワンタイムパスワードの入力前)".into()
                }
                K::LoginFailedPassword => "ログインパスワードの誤り".into(),
                K::LoginFailedOtp => "ログイン時のワンタイムパスワードの誤り".into(),
                K::LoginFailedPasskey => "パスキーでのログインの失敗".into(),
                K::LoginRefusedLocked => "ロック中のためログインできませんでした".into(),
                K::Logout => "ログアウト".into(),
                K::ProcedureStarted => format!("{procedure}のお手続きを開始"),
                K::ProcedureCheckFailed => "お手続き中の本人確認の誤り".into(),
                K::ProcedureCompleted => format!("{procedure}のお手続きが完了"),
                K::ProcedureCancelled => "お手続きを取り消し".into(),
                K::ProcedureEnded => {
                    "ワンタイムパスワードの誤りが続いたため、お手続きを終了".into()
                }
                K::ProcedureExpired => format!("{procedure}のお手続きの有効期限切れ"),
                K::TokenRegistered => format!("トークン({serial})の利用を開始"),
                K::TokenReleased => format!("トークン({serial})の利用を終了"),
                K::TokenProvisionedByBank => format!("{bank}がトークン({serial})を登録"),
                K::TokenRevokedByBank => format!("{bank}がトークン({serial})を利用停止"),
                K::PasskeyAdded => "パスキーを登録".into(),
                K::PasskeyRenamed => "パスキーの名前を変更".into(),
                K::PasskeyRemoved if e.by_bank => format!("{bank}がパスキーを削除"),
                K::PasskeyRemoved => "パスキーを削除".into(),
                K::AccountLocked => "ログインパスワードの誤りが続いたため、ログインをロック".into(),
                K::TokenLocked => "ワンタイムパスワードの誤りが続いたため、トークンをロック".into(),
                K::UnlockedByBank => format!("{bank}がロックを解除"),
                K::SessionsEnded => "ほかの端末・ブラウザのログインを終了".into(),
                K::SessionsEndedLimit => {
                    "同時にログインできる数を超えたため、古いログインを終了".into()
                }
                K::CustomerReported => "「心当たりがない」の届け出".into(),
            }
        },
        device: |browser, os, address| {
            let agent = match (browser, os) {
                (Some(b), Some(o)) => format!("{b}({o})"),
                (Some(one), None) | (None, Some(one)) => one.to_owned(),
                (None, None) => "ブラウザ不明".to_owned(),
            };
            match address {
                Some(a) => format!("{agent}・{a}"),
                None => agent,
            }
        },
        by_bank: |bank| format!("{bank}による操作"),
        page_of: |page, pages| format!("{page} / {pages} ページ"),
        newer: "新しい記録",
        older: "古い記録",
        pages_label: "ページ",
        back_home: "ホームへ戻る",
        back_to_login: "ログイン画面へ戻る",
        report_title: "心当たりがない場合",
        report_lead: "ご本人のご利用でないログインやお手続きがある場合は、届け出てください。届け出ると、次のことを行います。",
        report_does: [
            "この画面以外の、すべての端末・ブラウザのログインを終了します。",
            "お手続き中の利用開始・交換・利用中止を取り消します。",
            "届け出を記録し、担当者にお知らせします。",
        ],
        report_locks: |bank| {
            format!(
                "あわせてログインを停止します。{bank}が確認して解除するまで、ログインできなくなります。"
            )
        },
        report_confirm: "心当たりがないことを届け出る",
        reporting: "届け出ています…",
        report_back: "戻る",
        reported_title: "届け出を受け付けました",
        reported_sessions: |n| match n {
            0 => "ほかにログイン中の端末・ブラウザはありませんでした。".into(),
            n => format!("ほかの端末・ブラウザのログイン{n}件を終了しました。"),
        },
        reported_procedures: |n| match n {
            0 => "お手続き中のものはありませんでした。".into(),
            n => format!("お手続き{n}件を取り消しました。"),
        },
        reported_locked: |bank| format!("ログインを停止しました。{bank}が確認のうえ解除します。"),
        next_title: "このあとのお手続き",
        next_call: |bank| format!("{bank}のヘルプデスクまで、お早めにお電話ください。"),
        next_stop: |bank| {
            format!("ワンタイムパスワード(トークン)やパスキーの利用停止は、{bank}で承ります。")
        },
        next_password: "ログインパスワードを他人に知られたおそれがあります。インターネットバンキングでログインパスワードを変更してください。",
        next_never: |bank| {
            format!(
                "{bank}がメールや電話でパスワードやワンタイムパスワードをおたずねすることはありません。"
            )
        },
    },
    procedure: ProcedureMessages {
        activate_title: "ワンタイムパスワード利用開始",
        exchange_title: "ワンタイムパスワード交換",
        stop_title: "ワンタイムパスワード利用中止",
        activate_lead: "新しいソフトウェアトークンを登録して、ワンタイムパスワードの利用を開始します。「契約者ID」および「ログインパスワード」を入力し、「次へ」を選択してください。",
        exchange_lead: "スマートフォンの買い替えなどで、ソフトウェアトークンを新しいものに交換します。本作業には交換前のソフトウェアトークンが必要です。「契約者ID」および「ログインパスワード」を入力し、「次へ」を選択してください。",
        stop_lead: "ワンタイムパスワードの利用を中止します。本作業には現在ご利用中のソフトウェアトークンが必要です。「契約者ID」および「ログインパスワード」を入力し、「次へ」を選択してください。",
        steps_label: "手順",
        step_credentials: "契約者ID・パスワード",
        step_current_token: "現在のトークン",
        step_passkey: "パスキーで確認",
        step_new_token: "新しいトークン",
        step_confirm: "確認",
        step_completed: "完了",
        step_done_suffix: "(済)",
        next: "次へ",
        register: "登録",
        sending: "送信しています…",
        cancel: "お手続きをやめてログイン画面へ戻る",
        current_token_lead: "現トークン(現在ご利用中のトークン)に表示されているワンタイムパスワードを入力後、「次へ」を選択してください。",
        passkey_lead: "このお手続きは、ご登録のパスキーで確認します。「パスキーで確認」を選択し、画面の案内に沿って操作してください。",
        passkey_why: "パスキーはこのサイトでしか使えないため、偽サイトにパスワードやワンタイムパスワードを入力してしまった場合でも、第三者がお手続きすることはできません。",
        passkey_button: "パスキーで確認",
        passkey_lost: "パスキーを登録した端末がお手元にない場合は、下記のお問い合わせ先までご連絡ください。",
        new_token_lead: "新しいトークンのシリアル番号、ワンタイムパスワードを入力後、「登録」を選択してください。",
        serial_label: "シリアル番号",
        serial_hint: |letters, digits, example| {
            format!(
                "{}(例: {example})。小文字・全角でも入力できます",
                serial_shape(letters, digits)
            )
        },
        otp_label: "ワンタイムパスワード",
        otp_hint: |digits| format!("トークンに表示されている{digits}桁の数字"),
        expires_note: |time| format!("このお手続きは {time} までに完了してください。"),
        first_step_title: "はじめに",
        install_app_activate: |app, bank| match app {
            Some(app) => format!(
                "お手続きの前に、スマートフォンなどに{bank}のソフトウェアトークンのアプリケーション「{app}」をダウンロードしてください。"
            ),
            None => format!(
                "お手続きの前に、スマートフォンなどに{bank}のソフトウェアトークンのアプリケーションをダウンロードしてください。"
            ),
        },
        install_app_exchange: |app, _| match app {
            Some(app) => format!(
                "交換後のソフトウェアトークンのアプリケーション「{app}」を、交換後の端末にダウンロードしてください。"
            ),
            None => "交換後のソフトウェアトークンのアプリケーションをダウンロードしてください。"
                .to_owned(),
        },
        app_store: "App Store(iPhone)",
        google_play: "Google Play(Android)",
        time_limit: |span| {
            format!(
                "お手続きは、「次へ」を押してから{span}以内に完了してください。アプリケーションの準備ができてから始めてください。"
            )
        },
        exchange_cases_lead: "以下の場合、お客様自身でワンタイムパスワードの交換作業を行っていただきます。",
        exchange_cases: &[
            "インストールしている端末を買い替えたとき(スマートフォン、パソコンの買い替えなど)",
            "ソフトウェアトークンのアプリケーションをパソコンにインストールしていたが、別の端末(スマートフォンなど)にインストールし直したいとき",
            "同一端末内でソフトウェアトークンのアプリケーションを入れ替えるとき",
        ],
        exchange_warning: "交換後のソフトウェアトークンの登録が完了するまでは、交換前のソフトウェアトークンをアンインストールしないでください。",
        no_old_token: |bank| {
            format!("交換前のソフトウェアトークンがお手元に無い場合は、{bank}までご連絡ください。")
        },
        notice_sent: "ご登録のメールアドレスに、お手続きのお知らせをお送りします。",
        stop_confirm_lead: "ワンタイムパスワードの利用を中止すると、次のようになります。よろしければ「利用中止する」を押してください。",
        stop_confirm_points: &[
            "ログインの際に、ワンタイムパスワードの入力が不要になります。",
            "現在のソフトウェアトークンは使えなくなります(アンインストールして構いません)。",
            "もう一度ご利用になるには、「利用開始」のお手続きが必要です。",
        ],
        stop_confirm_button: "利用中止する",
        activate_done_title: "ワンタイムパスワードの利用を開始しました",
        activate_done_body: "次回のログインから、ソフトウェアトークンに表示されるワンタイムパスワードの入力が必要になります。",
        exchange_done_title: "ソフトウェアトークンの交換が完了しました",
        exchange_done_body: "次回のログインから、新しいソフトウェアトークンをお使いください。交換前のソフトウェアトークンは、もう使えません(アンインストールして構いません)。",
        stop_done_title: "ワンタイムパスワードの利用を中止しました",
        stop_done_body: "ソフトウェアトークンはアンインストールして構いません。もう一度ご利用になるには「利用開始」を選んでください。",
        cancelled_title: "お手続きを中止しました",
        cancelled_body: "登録内容は変更されていません。",
        registered_serial: "登録したシリアル番号",
        back_to_login: "ログイン画面へ",
        loading_procedure: "お手続きの状態を確認しています…",
    },
    problems: ProblemMessages {
        to_login: "ログイン画面へ",
        no_active_token_title: "ご利用中のワンタイムパスワードがありません",
        no_active_token_body: "このお手続きには、ご利用中のソフトウェアトークンが必要です。まだ登録していない場合は、「利用開始」から登録してください。",
        go_activate: "利用開始へ進む",
        token_already_active_title: "すでにワンタイムパスワードをご利用中です",
        token_already_active_body: "トークンは1つのご契約につき1つだけ登録できます。新しいスマートフォンなどに替える場合は、「交換」を選んでください。",
        go_exchange: "交換へ進む",
        account_locked_title: "ご利用を停止しています",
        account_locked_body: |bank| {
            format!(
                "ログインパスワードを続けて間違えたため、安全のためご利用を停止しました。再開には{bank}でのお手続きが必要です。お手数ですが、下記までご連絡ください。"
            )
        },
        passkey_required_title: "パスキーの登録が必要です",
        passkey_required_body: |bank| {
            format!(
                "{bank}では、交換・利用中止のお手続きにパスキーが必要です。ログイン後のホーム画面でパスキーを登録してから、もう一度お手続きください。パスキーを登録した端末がお手元にない場合は、お問い合わせ先までご連絡ください。"
            )
        },
        token_locked_title: "トークンのご利用を停止しています",
        token_locked_body: |bank| {
            format!(
                "ワンタイムパスワードを続けて間違えたため、安全のためトークンのご利用を停止しました。再開には{bank}でのお手続きが必要です。お手数ですが、下記までご連絡ください。"
            )
        },
        procedure_expired_title: "お手続きの有効時間が過ぎました",
        procedure_expired_body: |span| {
            format!(
                "お手続きは開始から{span}以内に完了していただく必要があります。登録内容は変更されていません。お手数ですが、最初からやり直してください。"
            )
        },
        procedure_attempts_exceeded_title: "お手続きを終了しました",
        procedure_attempts_exceeded_body: "新しいトークンのワンタイムパスワードを続けて間違えたため、安全のためこのお手続きを終了しました。登録内容は変更されていません。シリアル番号と、アプリに表示されているワンタイムパスワードをお確かめのうえ、最初からやり直してください。",
        account_locked_temporary_body: "ログインパスワードを続けて間違えたため、安全のため一時的にご利用を停止しています。",
        procedure_not_found_title: "お手続きが見つかりません",
        procedure_not_found_body: "お手続きは、開始したブラウザでのみ続けられます。登録内容は変更されていません。お手数ですが、最初からやり直してください。",
        procedure_superseded_title: "このお手続きは続けられません",
        procedure_superseded_body: "別の画面やお手続きでトークンが変更されました。現在の登録状況を確かめるため、ログインし直してください。",
        session_expired_title: "ログアウトしました",
        start_again: "最初からやり直す",
    },
    help: HelpMessages {
        otp_title: "ワンタイムパスワードご案内",
        otp_sections,
        keyboard_title: "ソフトウェアキーボードの使用方法",
        keyboard_sections: &[
            (
                "ソフトウェアキーボードとは",
                &[
                    "画面に表示されるキーボードを、マウスのクリックや画面のタップで押してパスワードを入力する機能です。パソコンに仕込まれた不正なプログラム(キーロガー)に、キー入力を盗み見られるのを防ぎます。",
                    "使うかどうかは自由です。これまでどおりキーボードで入力したり、貼り付けたり、パスワード管理機能を使ったりすることもできます。",
                ],
            ),
            (
                "開き方・閉じ方",
                &[
                    "ログインパスワードの入力欄の横にある「ソフトウェアキーボード入力」を押すと開きます。「閉じる」を押すと閉じます。",
                ],
            ),
            (
                "大文字の入力(Shift と Caps)",
                &[
                    "「Shift」を押すと、次の1文字だけ大文字になります。「Caps」を押すと、もう一度押すまで大文字のままになります。今どちらの状態かは、キーボードの上に表示されます。",
                ],
            ),
            (
                "消すとき",
                &[
                    "「1文字クリア」で最後の1文字を、「すべてクリア」で入力した文字をすべて消します。",
                ],
            ),
            (
                "キーの並びが毎回変わる理由",
                &[
                    "押した位置から入力した文字を推測されないよう、英字と数字のキーは開くたびに並び順が変わります。",
                    "いつもの並びで使いたい場合は「キー配列を固定」にチェックを入れてください。この設定はお使いのブラウザに記憶されます。",
                ],
            ),
            (
                "キーボードだけで操作するとき",
                &[
                    "Tab キーでソフトウェアキーボードに移動し、矢印キーでキーを選び、Enter キーまたはスペースキーで押せます。",
                ],
            ),
        ],
        back: "ログイン画面へ戻る",
    },
    keyboard: KeyboardMessages {
        toggle: "ソフトウェアキーボード入力",
        help_link: "使用方法",
        group_label: "ソフトウェアキーボード",
        fixed_layout: "キー配列を固定",
        shuffled_note: "安全のため、英字と数字のキーの並びは開くたびに変わります。",
        shift: "Shift",
        caps: "Caps",
        backspace: "1文字クリア",
        clear: "すべてクリア",
        close: "閉じる",
        state_lower: "小文字で入力します",
        state_shift: "次の1文字だけ大文字で入力します(Shift)",
        state_caps: "大文字で入力します(Caps)",
        capital: |letter| format!("大文字{letter}"),
        small: |letter| format!("小文字{letter}"),
        symbol_names: &[
            ('!', "感嘆符"),
            ('#', "シャープ"),
            ('$', "ドル記号"),
            ('%', "パーセント"),
            ('&', "アンド"),
            ('(', "左丸かっこ"),
            (')', "右丸かっこ"),
            ('*', "アスタリスク"),
            ('+', "プラス"),
            (',', "カンマ"),
            ('-', "ハイフン"),
            ('.', "ピリオド"),
            ('/', "スラッシュ"),
            (':', "コロン"),
            (';', "セミコロン"),
            ('<', "小なり"),
            ('=', "イコール"),
            ('>', "大なり"),
            ('?', "疑問符"),
            ('@', "アットマーク"),
            ('[', "左角かっこ"),
            (']', "右角かっこ"),
            ('^', "キャレット"),
            ('_', "アンダースコア"),
            ('{', "左波かっこ"),
            ('|', "縦線"),
            ('}', "右波かっこ"),
            ('~', "チルダ"),
        ],
    },
    #[cfg(feature = "demo")]
    demo: DemoMessages {
        open_button: "デモ用トークン",
        panel_title: "デモ用ソフトウェアトークン",
        panel_note: "これはデモです。本物のトークンアプリの代わりに、このブラウザの中で動きます。",
        passkey_note: "パスキーはこのデモでも本物です。お使いの端末の顔認証・指紋認証やセキュリティキーで、ホーム画面から登録してお試しください(http://localhost で開いた場合に使えます)。",
        add: "トークンを追加",
        adding: "追加しています…",
        empty: "まだトークンがありません。「トークンを追加」を押すと、新しいスマートフォンにアプリを入れたときのように、トークンが1つ追加されます。",
        serial: "シリアル番号",
        code: "ワンタイムパスワード",
        seconds_left: |seconds| format!("残り{seconds}秒"),
        copy: "コピー",
        copied: "コピーしました",
        remove: "削除(アンインストール)",
        remove_warning_title: "このトークンは登録中です",
        remove_confirm: "削除する",
        remove_cancel: "やめる",
        discarded_notice: "保存されていたデモ用トークンを読み込めなかったため、削除しました。",
        new_code: |serial| format!("{serial} の新しいワンタイムパスワードを表示しました"),
        fill_label: "デモ用トークンから入力",
        close: "閉じる",
        registered: "登録中",
    },
    #[cfg(feature = "gallery")]
    gallery: GalleryMessages {
        title: "画面ギャラリー",
        count: |count| format!("全{count}件の画面・状態"),
        index: "一覧へ",
        controls: "表示の切り替え",
        language: "言語:",
        width: "幅:",
        theme: "テーマ:",
        unknown: "この画面・状態はありません。",
        bank: "設定:",
        bank_loading: "銀行の設定を読み込んでいます…",
        bank_missing: |name| format!("銀行の設定ファイル gallery-banks/{name}.json を読めません。"),
        clock: "時計:",
        clock_live: "現在時刻",
        stress: "検証:",
        modes: [
            "疑似翻訳",
            "長い名前",
            "文字200%",
            "強制カラー",
            "動きを減らす",
        ],
        stories: "画面と状態",
        search: "検索",
        axe_title: "アクセシビリティ(axe-core)",
        axe_run: "この画面を検査する",
        axe_running: "検査しています…",
        axe_none: "違反は見つかりませんでした。",
        axe_failed: "axe-core を読み込めませんでした。",
        axe_count: |count| format!("{count}件の違反(該当する要素を枠で示しています)"),
        contrast_title: "コントラスト(WCAG 2.2 AA)",
        contrast_columns: ["文字・部品", "背景", "比", "必要"],
        contrast_pass: "適合",
        contrast_fail: "不適合",
        theme_title: "テーマの編集",
        theme_name: "テーマ名",
        theme_export: "テーマファイル(style/ にコミットできます)",
        theme_import: "テーマファイルを貼り付け",
        theme_apply: "適用する",
        notes_title: "この状態について",
        notes_labels: [
            "どんな状態か",
            "お客さまが出会うとき",
            "エラーコード",
            "元の案内の文言",
        ],
        notes_none: "なし",
        save_png: "PNGで保存",
        save_png_failed: "画像を作れませんでした。",
    },
    not_found: NotFoundMessages {
        title: "ページが見つかりません",
        body: "お探しのページは移動したか、削除された可能性があります。",
        back_to_login: "ログイン画面へ戻る",
    },
    error,
    field,
    errors: ErrorMessages {
        network: "通信できませんでした。電波の状態やインターネット接続をご確認のうえ、もう一度お試しください。",
        passkey_cancelled: "パスキーの操作が中止されました。もう一度お試しいただくか、ほかの方法をお選びください。",
        passkey_on_device: "この端末のパスキーはすでに登録されています。",
        passkey_failed: "この端末・ブラウザではパスキーを利用できませんでした。ほかの方法をお選びください。",
        remaining_password_attempts: |attempts| {
            format!("あと{attempts}回間違えると、ご利用が停止されます。")
        },
        remaining_otp_attempts: |attempts| {
            format!("あと{attempts}回間違えると、トークンのご利用が停止されます。")
        },
        retry_after_seconds: |seconds| {
            format!("{seconds}秒ほど待ってから、もう一度お試しください。")
        },
        retry_after_minutes: |minutes| {
            format!("{minutes}分ほど待ってから、もう一度お試しください。")
        },
        retry_later: "しばらく待ってから、もう一度お試しください。",
    },
};

/// The Japanese message for an API error code.
const fn error(code: ErrorCode) -> &'static str {
    use ErrorCode::*;
    match code {
        MalformedRequest => {
            "送信内容を読み取れませんでした。画面を再読み込みしてから、もう一度お試しください。"
        }
        Validation => "入力内容に誤りがあります。各項目のメッセージをご確認ください。",
        InvalidCredentials => "契約者ID(利用者番号)またはログインパスワードが正しくありません。",
        OtpInvalid => {
            "ワンタイムパスワードが正しくありません。トークンに表示されている最新の数字を入力してください。"
        }
        Unauthenticated => "ログインしていません。もう一度ログインしてください。",
        SessionExpired => {
            "一定時間操作がなかったため、ログアウトしました。もう一度ログインしてください。"
        }
        ForbiddenOrigin => "このページからは操作できません。ログイン画面を開き直してください。",
        ProcedureNotFound => "お手続きが見つかりません。最初からやり直してください。",
        NotFound => "お探しの情報が見つかりません。",
        MethodNotAllowed => "この操作は受け付けられません。",
        NoActiveToken => {
            "ご利用中のワンタイムパスワードがありません。「利用開始」から登録してください。"
        }
        TokenAlreadyActive => {
            "すでにワンタイムパスワードをご利用中です。新しいトークンに替える場合は「交換」を選んでください。"
        }
        SerialUnavailable => {
            "このシリアル番号は登録できません。トークンに表示されているシリアル番号をご確認ください。"
        }
        StepOutOfOrder => {
            "お手続きの順番が正しくありません。表示されている画面から続けてください。"
        }
        ProcedureSuperseded => {
            "別のお手続きでトークンが変更されたため、このお手続きは続けられません。最初からやり直してください。"
        }
        ProcedureExpired => {
            "お手続きの有効時間が過ぎました。お手数ですが、最初からやり直してください。"
        }
        PayloadTooLarge => "送信内容が大きすぎます。",
        UnsupportedMediaType => "送信形式が正しくありません。",
        SerialUnknown => "このシリアル番号は見つかりません。入力に誤りがないかご確認ください。",
        AccountLocked => {
            "ログインパスワードを続けて間違えたため、ご利用を停止しています。お問い合わせ先までご連絡ください。"
        }
        TokenLocked => {
            "ワンタイムパスワードを続けて間違えたため、トークンのご利用を停止しています。お問い合わせ先までご連絡ください。"
        }
        RateLimited => "ログインやお手続きの失敗が続いたため、一時的に受付を制限しています。",
        MisdirectedRequest => {
            "このアドレスからはご利用いただけません。金融機関のホームページからログイン画面を開き直してください。"
        }
        ProcedureAttemptsExceeded => {
            "新しいトークンのワンタイムパスワードを続けて間違えたため、お手続きを終了しました。最初からやり直してください。"
        }
        PasskeyInvalid => {
            "パスキーを確認できませんでした。このサイトに登録したパスキーで、もう一度お試しください。"
        }
        PasskeyExpired => "パスキーの確認の有効時間が過ぎました。もう一度お試しください。",
        ConfirmationRequired => {
            "この操作の前に、ご本人の確認が必要です。表示される案内に沿って確認してください。"
        }
        PasskeyRequired => {
            "このお手続きにはパスキーが必要です。ログイン後のホーム画面から、先にパスキーを登録してください。"
        }
        PasskeyLimit => {
            "登録できるパスキーの数の上限に達しています。使っていないパスキーを削除してから登録してください。"
        }
        PasskeyAlreadyRegistered => "このパスキーはすでに登録されています。",
        PasskeyNotFound => "このパスキーは見つかりません。画面を再読み込みしてください。",
        Internal => "ただいまお手続きできません。しばらく待ってから、もう一度お試しください。",
        ServiceUnavailable => {
            "ただいまお手続きを受け付けられません。お手続きの内容は反映されていません。しばらく待ってから、もう一度お試しください。"
        }
        Unknown => "エラーが発生しました。しばらく待ってから、もう一度お試しください。",
    }
}

/// The Japanese message for a field error code.
const fn field(code: FieldErrorCode) -> &'static str {
    use FieldErrorCode::*;
    match code {
        Required => "入力してください。",
        InvalidCharacters => "使えない文字が含まれています。",
        FullWidth => "全角の文字が含まれています。日本語入力をオフにして、半角で入力してください。",
        TooShort => "文字数が足りません。",
        TooLong => "文字数が多すぎます。",
        WrongLength => "桁数が正しくありません。",
        MissingLetter => "英字を1文字以上含めてください。",
        MissingDigit => "数字を1文字以上含めてください。",
        Pattern => "形式が正しくありません。",
        Unknown => "入力内容をご確認ください。",
    }
}

/// A span of seconds: whole minutes as minutes.
fn span(seconds: u32) -> String {
    if seconds.is_multiple_of(60) {
        format!("{}分", seconds / 60)
    } else {
        format!("{seconds}秒")
    }
}

/// A serial's shape: 「英字4文字と数字8桁」.
fn serial_shape(letters: u8, digits: u8) -> String {
    match letters {
        0 => format!("数字{digits}桁"),
        _ => format!("英字{letters}文字と数字{digits}桁"),
    }
}

/// ワンタイムパスワードご案内, with the bank's values.
fn otp_sections(f: &OtpFacts) -> Vec<FilledSection> {
    let (period, digits, failures, bank) = (span(f.period), f.digits, f.otp_failures, f.bank_self);
    let serial = serial_shape(f.serial.letters, f.serial.digits);
    let example = &f.serial.example;
    vec![
        section(
            "ワンタイムパスワードとは",
            &[&format!(
                "ワンタイムパスワードは、{period}ごとに変わる使い捨てのパスワードです。ログインパスワードに加えて入力していただくことで、パスワードが盗まれても第三者によるログインや不正なお手続きを防ぎます。"
            )],
        ),
        section(
            "ソフトウェアトークンとシリアル番号",
            &[
                "ワンタイムパスワードは、スマートフォンなどにインストールした「ソフトウェアトークン」のアプリに表示されます。",
                &format!(
                    "アプリには、トークンごとに異なる「シリアル番号」({serial}、例: {example})が表示されます。利用開始や交換のときに入力していただきます。"
                ),
            ],
        ),
        section(
            &format!("{period}ごとに変わる数字と、その有効時間"),
            &[
                &format!(
                    "表示される{digits}桁の数字は{period}ごとに新しくなります。入力するときは、表示されている最新の数字をお使いください。"
                ),
                "切り替わる直前・直後の数字も受け付けますので、入力中に数字が変わっても慌てる必要はありません。ただし、一度使った数字は二度と使えません。",
                &format!("{failures}回続けて間違えると、安全のためトークンのご利用を停止します。"),
            ],
        ),
        section(
            "ご契約1つにトークンは1つ",
            &[
                "トークンは1つのご契約につき1つだけ登録できます。2台目の端末に追加することはできません。",
            ],
        ),
        section(
            "スマートフォンを買い替えたとき",
            &[
                "新しい端末にソフトウェアトークンのアプリをインストールし、ログイン画面下部の「交換」から、交換前と交換後の両方のトークンを使って交換してください。",
                "交換後のソフトウェアトークンの登録が完了するまでは、交換前のソフトウェアトークンをアンインストールしないでください。",
            ],
        ),
        section(
            "スマートフォンを紛失したとき・交換前のトークンが手元に無いとき",
            &[&format!(
                "第三者に使われないよう、すぐに{bank}までご連絡ください。{bank}でトークンを停止し、新しいトークンの登録をご案内します。"
            )],
        ),
    ]
}
