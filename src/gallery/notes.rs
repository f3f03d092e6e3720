//! What each story is, when a customer meets it (the action, the API's answer and its error
//! `code`), and which of the bank's own wording (the seed help page) it follows: written once
//! here, shown under the story's canvas in both languages.

/// A story's note.
#[derive(Clone, Copy, Debug)]
pub struct Note {
    /// What the state is (ja, en).
    pub what: [&'static str; 2],
    /// When a customer meets it (ja, en).
    pub when: [&'static str; 2],
    /// The API's error code that leads to it, if one does.
    pub code: Option<&'static str>,
    /// The wording of the bank's help page the screen follows, if any.
    pub seed: Option<&'static str>,
}

macro_rules! notes {
    ($( $screen:literal / $state:literal => $code:expr, $seed:expr, [$wj:literal, $we:literal], [$hj:literal, $he:literal] );* $(;)?) => {
        /// Every story's note, by screen and state.
        pub const NOTES: &[(&str, &str, Note)] = &[
            $( ($screen, $state, Note { what: [$wj, $we], when: [$hj, $he], code: $code, seed: $seed }) ),*
        ];
    };
}

notes! {
    "login" / "empty" => None, Some("ログイン / ワンタイムパスワード管理"),
        ["ログイン画面の初期状態。", "The login screen as first shown."],
        ["トップページからログインを選んだとき。", "When the customer opens the login page."];
    "login" / "filled" => None, Some("ログイン"),
        ["入力済みで送信前。", "Both fields typed, not yet sent."],
        ["契約者IDとパスワードを入力したところ。", "After typing the contract ID and password."];
    "login" / "field-errors" => Some("validation"), None,
        ["入力チェックで2項目が不正。", "Two fields refused by the checks."],
        ["桁数や文字種が規則に合わないまま「ログイン」を押したとき(サーバーも同じ規則で validation を返す)。", "Pressing ログイン with a wrong length or missing digit (the server answers validation with the same rules)."];
    "login" / "full-width-password" => Some("validation"), None,
        ["パスワードに全角文字。", "A full-width character in the password."],
        ["全角のままパスワードを入力したとき。", "When the password was typed in full-width characters."];
    "login" / "invalid-credentials" => Some("invalid_credentials"), None,
        ["IDまたはパスワード誤り(どちらかは言わない)。", "Wrong contract ID or password (never which)."],
        ["誤ったIDかパスワードで「ログイン」を押したとき。", "Logging in with a wrong contract ID or password."];
    "login" / "lock-near" => Some("invalid_credentials"), None,
        ["停止まであと1回の警告。", "A warning: one attempt left before the lock."],
        ["続けて誤り、残り回数が1になったとき(attempts_left)。", "After repeated failures, with attempts_left = 1."];
    "login" / "rate-limited" => Some("rate_limited"), None,
        ["試行が多すぎて待ち時間あり。", "Too many attempts: a wait is shown."],
        ["同じ接続元や契約から短時間に多く試したとき(Retry-After)。", "Many attempts from one address or contract in a short time (Retry-After)."];
    "login" / "misdirected" => Some("misdirected_request"), None,
        ["別の銀行のサイトに送られた要求。", "A request sent to another bank's site."],
        ["フィッシングの中継などで Origin/Host が合わないとき。", "When Origin or Host do not match (e.g. a phishing relay)."];
    "login" / "network-error" => None, None,
        ["通信できない。", "No answer from the network."],
        ["通信が切れているか、サーバーに届かないとき。", "When the network is down or the server unreachable."];
    "login" / "loading" => None, None,
        ["送信中。", "Sending."],
        ["「ログイン」を押して応答を待つ間。", "While waiting for the answer to ログイン."];
    "login" / "session-expired" => Some("session_expired"), None,
        ["一定時間操作がなくログアウトされた。", "Logged out after a time without use."],
        ["放置してセッションが切れた後、ログイン画面に戻ったとき。", "Back at the login screen after the session timed out."];
    "login" / "soft-keyboard-open" => None, Some("ソフトウェアキーボード入力"),
        ["ソフトウェアキーボードを開いた状態。", "The soft keyboard open."],
        ["「ソフトウェアキーボード入力」を押したとき(開くたびに並びが変わる)。", "After pressing the soft keyboard button (its order changes at each opening)."];
    "login" / "passkey" => None, None,
        ["パスキーでログインできる案内。", "The passkey login offered."],
        ["パスキーに対応したブラウザで開いたとき。", "In a browser that supports passkeys."];
    "login" / "passkey-pending" => None, None,
        ["パスキーの確認待ち。", "Waiting for the passkey."],
        ["「パスキーでログイン」を押し、端末の確認を待つ間。", "While the device asks for the passkey."];
    "login" / "passkey-cancelled" => None, None,
        ["パスキーの確認を取り消した。", "The passkey prompt cancelled."],
        ["端末の確認画面で「キャンセル」したとき。", "When the device's prompt was cancelled."];
    "login" / "passkey-refused" => Some("passkey_invalid"), None,
        ["パスキーが受け付けられない。", "The passkey refused."],
        ["登録のない、または削除されたパスキーを使ったとき。", "With a passkey that is not (or no longer) registered."];
    "login" / "passkey-expired" => Some("passkey_expired"), None,
        ["パスキーの確認が時間切れ。", "The passkey challenge expired."],
        ["確認に時間がかかりすぎたとき。", "When the device took too long."];
    "login-otp" / "empty" => None, Some("ワンタイムパスワード"),
        ["ログイン2段階目のワンタイムパスワード入力。", "The login's one-time password step."],
        ["パスワードが正しく、トークンの利用中の契約(otp_required)。", "After a right password on a contract with a token (otp_required)."];
    "login-otp" / "otp-invalid" => Some("otp_invalid"), None,
        ["ワンタイムパスワード誤り、残り回数つき。", "A wrong one-time password, with the attempts left."],
        ["誤ったワンタイムパスワードを入力したとき。", "After a wrong one-time password."];
    "login-otp" / "field-error" => Some("validation"), None,
        ["ワンタイムパスワードの桁数違い。", "The code has the wrong number of digits."],
        ["桁数が足りないまま送ったとき。", "Sending a code of the wrong length."];
    "login-otp" / "loading" => None, None,
        ["確認中。", "Checking."],
        ["ワンタイムパスワードを送って応答を待つ間。", "While the code is checked."];
    "home" / "token" => None, None,
        ["ログイン後のホーム(トークン利用中)。", "Home after login, a token in use."],
        ["ログインが完了したとき。", "After a completed login."];
    "home" / "no-token" => None, Some("利用開始"),
        ["トークン未登録のホーム。", "Home without a token."],
        ["まだ利用開始していない契約でログインしたとき。", "Logged in on a contract without a token yet."];
    "home" / "token-locked" => Some("token_locked"), None,
        ["トークンが停止されている。", "The token is locked."],
        ["ワンタイムパスワードを続けて誤り、トークンが停止したとき。", "After too many wrong codes locked the token."];
    "home" / "idle-warning" => None, None,
        ["自動ログアウト前の警告。", "The warning before the automatic logout."],
        ["操作のないまま、残り時間が短くなったとき。", "When the idle time is nearly up."];
    "home" / "first-login" => None, None,
        ["初めてのログイン(前回なし)。", "The first login (no previous one)."],
        ["契約の最初のログインのとき。", "At the contract's first login."];
    "home" / "login-failures" => None, None,
        ["前回以降の失敗回数を表示。", "Failures since the previous login shown."],
        ["前回のログイン以降にパスワードやコードの誤りがあったとき。", "When wrong passwords or codes were entered since the previous login."];
    "home" / "previous-passkey" => None, None,
        ["前回はパスキーでログイン。", "The previous login used a passkey."],
        ["前回パスキーでログインしていたとき。", "When the previous login was with a passkey."];
    "activity" / "empty" => None, None,
        ["ご利用履歴が空。", "The activity list empty."],
        ["30日以内に記録がないとき。", "With no events in the last 30 days."];
    "activity" / "every-event" => None, None,
        ["すべての種類の履歴。", "Every kind of event."],
        ["ご利用履歴を開いたとき(この一覧は全種類の見本)。", "Opening ご利用履歴 (this list shows every kind)."];
    "activity" / "paged" => None, None,
        ["複数ページの2ページ目。", "Page 2 of 3."],
        ["履歴が20件を超え、次のページに進んだとき。", "With more than 20 events, on the next page."];
    "report" / "asking" => None, Some("心当たりがない"),
        ["「心当たりがない」の確認。", "Asking before a report."],
        ["履歴やホームで「心当たりがない」を押したとき。", "After pressing 「心当たりがない」."];
    "report" / "asking-locks" => None, Some("心当たりがない"),
        ["ロックする設定での確認。", "Asking, when a report also locks."],
        ["security.report_locks の銀行で押したとき。", "At a bank with security.report_locks on."];
    "report" / "sending" => None, None,
        ["報告の送信中。", "Sending the report."],
        ["確認して送る間。", "While the report is sent."];
    "report" / "done" => None, None,
        ["報告済み(他のセッション終了など)。", "Reported: other sessions ended."],
        ["報告が受け付けられたとき。", "When the report was taken."];
    "report" / "done-nothing-else" => None, None,
        ["報告済み(終了するものなし)。", "Reported: nothing else to end."],
        ["他のセッションや手続きがなかったとき。", "With no other session or procedure."];
    "report" / "done-locks" => None, None,
        ["報告済みでロックされた。", "Reported and locked."],
        ["ロックする設定の銀行で報告したとき。", "At a bank whose reports lock."];
    "report" / "failed" => Some("service_unavailable"), None,
        ["報告を送れなかった。", "The report could not be sent."],
        ["サーバーが一時的に使えないとき。", "When the server is temporarily unavailable."];
    "home" / "passkeys-none" => None, None,
        ["パスキー未登録。", "No passkey yet."],
        ["パスキーを登録していないとき。", "Before any passkey is registered."];
    "home" / "passkeys-list" => None, None,
        ["登録済みパスキーの一覧。", "The registered passkeys."],
        ["パスキーを登録しているとき。", "With passkeys registered."];
    "home" / "passkeys-registering" => None, None,
        ["パスキー登録中。", "Registering a passkey."],
        ["「パスキーを登録」を押し、端末の確認を待つ間。", "While the device creates the passkey."];
    "home" / "passkeys-added" => None, None,
        ["登録完了の知らせ。", "Added: the notice."],
        ["登録が完了したとき。", "After a passkey was added."];
    "home" / "passkeys-confirm-otp" => Some("confirmation_required"), None,
        ["登録前にワンタイムパスワードで本人確認。", "Confirm with a code before adding."],
        ["最近の本人確認がないまま登録しようとしたとき。", "Adding without a recent proof."];
    "home" / "passkeys-confirm-passkey" => Some("confirmation_required"), None,
        ["登録前にパスキーで本人確認。", "Confirm with a passkey before adding."],
        ["パスキーを持つ契約で、最近の確認がないとき。", "A contract with passkeys, without a recent proof."];
    "home" / "passkeys-confirmed" => None, None,
        ["本人確認済み。", "Confirmed."],
        ["確認が済んだとき。", "After the confirmation."];
    "home" / "passkeys-needs-token" => None, None,
        ["トークンがないと登録できない。", "A token is needed first."],
        ["トークン未登録の契約のとき。", "On a contract without a token."];
    "home" / "passkeys-limit" => Some("passkey_limit"), None,
        ["登録数の上限。", "The limit reached."],
        ["上限まで登録済みのとき。", "When the contract has as many as allowed."];
    "home" / "passkeys-cancelled" => None, None,
        ["登録を取り消した。", "Registration cancelled."],
        ["端末の確認画面で取り消したとき。", "When the device's prompt was cancelled."];
    "home" / "passkeys-refused" => Some("passkey_invalid"), None,
        ["登録が受け付けられない。", "Registration refused."],
        ["端末の応答が不正なとき。", "When the device's answer is refused."];
    "home" / "passkeys-already-registered" => None, None,
        ["この端末は登録済み。", "This device already has one."],
        ["同じ端末で二度登録しようとしたとき。", "Registering twice on one device."];
    "home" / "passkeys-rename" => None, None,
        ["パスキー名の変更。", "Renaming a passkey."],
        ["「名前を変更」を押したとき。", "After pressing rename."];
    "home" / "passkeys-remove" => None, None,
        ["削除の確認。", "Confirming a removal."],
        ["「削除」を押したとき。", "After pressing remove."];
    "home" / "passkeys-removed" => None, None,
        ["削除の知らせ。", "Removed: the notice."],
        ["削除が完了したとき。", "After a removal."];
    "activate" / "credentials" => None, Some("利用開始"),
        ["利用開始の1段階目(ID・パスワード)。", "Activation, step 1 (ID and password)."],
        ["ログイン画面の「利用開始」を押したとき。", "After pressing 利用開始 on the login screen."];
    "activate" / "credentials-refused" => Some("invalid_credentials"), None,
        ["ID・パスワード誤り。", "Wrong ID or password."],
        ["誤った資格情報で「次へ」を押したとき。", "Pressing 次へ with wrong credentials."];
    "activate" / "new-token" => None, Some("「シリアル番号」および「ワンタイムパスワード」を入力"),
        ["新しいトークンのシリアル番号とコード入力。", "The new token's serial and code."],
        ["資格情報が正しかったとき。", "After right credentials."];
    "activate" / "serial-unknown" => Some("serial_unknown"), None,
        ["シリアル番号が見つからない。", "The serial is unknown."],
        ["存在しないシリアル番号を入力したとき。", "With a serial the bank does not have."];
    "activate" / "serial-unavailable" => Some("serial_unavailable"), None,
        ["使えないシリアル番号。", "The serial cannot be used."],
        ["他の契約で使用中か停止中のトークンのとき。", "A token in use elsewhere, or locked."];
    "activate" / "new-token-rate-limited" => Some("rate_limited"), None,
        ["試行が多すぎる。", "Too many attempts."],
        ["シリアルやコードを続けて誤ったとき。", "After many wrong serials or codes."];
    "activate" / "new-token-field-errors" => Some("validation"), None,
        ["シリアル番号とコードの形式違い。", "Serial and code malformed."],
        ["形式に合わない入力で「登録」を押したとき。", "Pressing 登録 with malformed input."];
    "activate" / "loading" => None, None,
        ["登録中。", "Registering."],
        ["「登録」を押して待つ間。", "While registering."];
    "activate" / "completed" => None, None,
        ["利用開始の完了。", "Activation completed."],
        ["新しいトークンが登録されたとき。", "When the new token is registered."];
    "exchange" / "credentials" => None, Some("「契約者ID」および「ログインパスワード」を入力し、「次へ」"),
        ["交換の1段階目。", "Exchange, step 1."],
        ["ログイン画面の「交換」を押したとき(手順2〜3)。", "After pressing 交換 on the login screen (steps 2–3)."];
    "exchange" / "current-token" => None, Some("現トークン(現在ご利用中のトークン)のワンタイムパスワードを入力"),
        ["現在のトークンのコード入力。", "The current token's code."],
        ["資格情報が正しかったとき(手順4)。", "After right credentials (step 4)."];
    "exchange" / "otp-invalid" => Some("otp_invalid"), None,
        ["現トークンのコード誤り。", "A wrong code of the current token."],
        ["誤ったコードを入力したとき。", "After a wrong code."];
    "exchange" / "passkey" => None, None,
        ["現トークンの代わりにパスキーで確認。", "A passkey instead of the current token."],
        ["パスキーを持つ契約のとき。", "On a contract with passkeys."];
    "exchange" / "passkey-cancelled" => None, None,
        ["パスキー確認を取り消した。", "The passkey prompt cancelled."],
        ["端末の確認画面で取り消したとき。", "When the device's prompt was cancelled."];
    "exchange" / "passkey-refused" => Some("passkey_invalid"), None,
        ["パスキーが受け付けられない。", "The passkey refused."],
        ["登録のないパスキーのとき。", "With an unregistered passkey."];
    "exchange" / "new-token" => None, Some("新しいトークンのシリアル番号、ワンタイムパスワードを入力後、「登録」"),
        ["新しいトークンの登録。", "The new token."],
        ["現トークンの確認が済んだとき(手順5)。", "After the current token's check (step 5)."];
    "exchange" / "completed" => None, None,
        ["交換の完了。", "Exchange completed."],
        ["新しいトークンが登録され、古いものが解除されたとき。", "When the new token replaced the old one."];
    "stop" / "credentials" => None, Some("利用中止"),
        ["利用中止の1段階目。", "Stop, step 1."],
        ["ログイン画面の「利用中止」を押したとき。", "After pressing 利用中止 on the login screen."];
    "stop" / "current-token" => None, None,
        ["現トークンのコードで確認。", "Confirm with the current token."],
        ["資格情報が正しかったとき。", "After right credentials."];
    "stop" / "passkey" => None, None,
        ["パスキーで確認。", "Confirm with a passkey."],
        ["パスキーを持つ契約のとき。", "On a contract with passkeys."];
    "stop" / "confirm" => None, None,
        ["中止の最終確認。", "The last confirmation."],
        ["確認が済んだとき。", "After the check."];
    "stop" / "completed" => None, None,
        ["利用中止の完了。", "Stopped."],
        ["トークンが解除されたとき。", "When the token is released."];
    "procedure" / "cancelled" => None, None,
        ["手続きを取りやめた。", "The procedure cancelled."],
        ["「お手続きをやめて」を押したとき。", "After cancelling."];
    "problem" / "no-active-token" => Some("no_active_token"), None,
        ["利用中のトークンがない。", "No token in use."],
        ["トークンのない契約で交換・中止を始めたとき。", "Starting an exchange or stop without a token."];
    "problem" / "token-already-active" => Some("token_already_active"), None,
        ["既にトークン利用中。", "A token is already in use."],
        ["利用中の契約で利用開始を始めたとき。", "Starting an activation with a token in use."];
    "problem" / "account-locked" => Some("account_locked"), None,
        ["アカウント停止(解除は銀行へ)。", "The account locked until the bank unlocks it."],
        ["パスワードを続けて誤ったとき。", "After too many wrong passwords."];
    "problem" / "account-locked-temporary" => Some("account_locked"), None,
        ["一時的な停止(待ち時間つき)。", "A temporary lock with a wait."],
        ["一時停止の設定の銀行で続けて誤ったとき。", "At a bank with temporary locks."];
    "problem" / "token-locked" => Some("token_locked"), None,
        ["トークン停止。", "The token locked."],
        ["コードを続けて誤ったとき。", "After too many wrong codes."];
    "problem" / "passkey-required" => Some("passkey_required"), None,
        ["パスキーでの確認が必要。", "A passkey is required."],
        ["パスキーのみの設定の銀行で。", "At a bank that requires passkeys."];
    "problem" / "procedure-expired" => Some("procedure_expired"), None,
        ["手続きの時間切れ。", "The procedure timed out."],
        ["制限時間内に終えなかったとき。", "When its time ran out."];
    "problem" / "procedure-attempts-exceeded" => Some("procedure_attempts_exceeded"), None,
        ["手続きでの誤りが多すぎる。", "Too many wrong codes in the procedure."],
        ["新しいトークンのコードを続けて誤ったとき。", "After too many wrong codes for the new token."];
    "problem" / "procedure-not-found" => Some("procedure_not_found"), None,
        ["手続きが見つからない。", "The procedure is gone."],
        ["古いリンクや別のブラウザで開いたとき。", "From an old link or another browser."];
    "problem" / "procedure-superseded" => Some("procedure_superseded"), None,
        ["別の手続きが始まった。", "Another procedure began."],
        ["別のタブや端末で新しく手続きを始めたとき。", "After starting another one elsewhere."];
    "problem" / "session-expired" => Some("session_expired"), None,
        ["セッション切れ。", "The session expired."],
        ["放置した後に操作したとき。", "Acting after the session timed out."];
    "problem" / "network" => None, None,
        ["読み込めなかった画面(再試行)。", "A screen that could not load (retry)."],
        ["画面の部品を取得できなかったとき。", "When a screen's chunk could not be fetched."];
    "problem" / "config-unavailable" => None, None,
        ["銀行の設定を読めない。", "The bank's settings could not load."],
        ["/config が応答しないとき(ヘルプデスクの連絡先は保存済みのもの)。", "When /config does not answer (the help desk kept by this browser)."];
    "problem" / "language-unavailable" => None, None,
        ["英語を読み込めなかった。", "English could not be loaded."],
        ["English を選んだが取得に失敗したとき。", "After choosing English, when it could not be fetched."];
    "help" / "otp" => None, Some("ワンタイムパスワードご案内"),
        ["ワンタイムパスワードの説明。", "About one-time passwords."],
        ["ログイン画面のご案内リンクから。", "From the login screen's guide link."];
    "help" / "keyboard" => None, Some("(使用方法)"),
        ["ソフトウェアキーボードの使い方。", "How to use the soft keyboard."],
        ["「(使用方法)」リンクから。", "From the (使用方法) link."];
    "not-found" / "default" => Some("not_found"), None,
        ["存在しないページ。", "A page that does not exist."],
        ["誤ったURLを開いたとき。", "At a wrong URL."];
    "demo" / "panel-open" => None, None,
        ["デモ用トークンを開いた状態(デモのみ)。", "The demo token panel open (demo only)."],
        ["「デモ用トークン」を押したとき。", "After pressing デモ用トークン."];
    "demo" / "panel-closed" => None, None,
        ["デモ用トークンのボタン(デモのみ)。", "The demo panel's button (demo only)."],
        ["デモのサイトを開いたとき。", "On a demo site."];
}

/// The note of `screen/state`.
pub fn note(screen: &str, state: &str) -> Option<Note> {
    NOTES
        .iter()
        .find(|(sc, st, _)| *sc == screen && *st == state)
        .map(|(_, _, n)| *n)
}

#[cfg(test)]
mod tests {
    use otp_api::problem::ErrorCode;
    use strum::IntoEnumIterator;

    use super::*;
    use crate::gallery::stories::STORIES;

    #[test]
    fn every_story_has_one_note_and_every_code_is_the_contracts() {
        for s in STORIES {
            assert!(
                note(s.screen, s.state).is_some(),
                "{}/{} has no note",
                s.screen,
                s.state
            );
        }
        assert_eq!(NOTES.len(), STORIES.len(), "a note without its story");
        for (screen, state, n) in NOTES {
            if let Some(code) = n.code {
                assert!(
                    ErrorCode::iter().any(|c| c.as_str() == code),
                    "{screen}/{state}: {code} is no error code"
                );
            }
            assert!(
                n.what.iter().chain(&n.when).all(|t| !t.is_empty()),
                "{screen}/{state}"
            );
        }
    }
}
