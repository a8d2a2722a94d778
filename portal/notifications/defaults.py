"""The default wording of every e-mail, loaded by a data migration; editors change it."""

_SESSION = (
    "課程：{course_title}\n班期：{session_code} 第 {term} 期\n日期：{start_date} 至 {end_date}\n"
    "地點：{venue}\n課程頁面：{course_url}\n"
)
_SESSION_EN = (
    "Course: {course_title}\nSession: {session_code}, term {term}\n"
    "Dates: {start_date} to {end_date}\nVenue: {venue}\nCourse page: {course_url}\n"
)

DEFAULT_TEMPLATES = {
    ("fee_payment_notice", "zh-hant"): (
        "【講座鐘點費撥款通知】{course_title} {session_code}",
        "{lecturer_name} 老師您好：\n\n您於 {course_title}（{session_code}）授課之"
        "講座鐘點費已於 {paid_on} 撥付新臺幣 {amount} 元至您的帳戶 {account}。\n\n"
        "請款明細：{statement_url}\n",
    ),
    ("fee_payment_notice", "en"): (
        "Lecture fee paid: {course_title} {session_code}",
        "Dear {lecturer_name},\n\nYour lecture fee for {course_title} "
        "({session_code}) was paid on {paid_on}: NT${amount} to your account "
        "{account}.\n\nStatement: {statement_url}\n",
    ),
    ("summons", "zh-hant"): (
        "【調訓通知】{course_title} 第 {term} 期",
        "{trainee_name} 您好：\n\n您已獲錄取參加下列班期，請準時報到。\n\n"
        + _SESSION
        + "\n我的班期：{my_classes_url}\n",
    ),
    ("summons", "en"): (
        "Summons: {course_title}, term {term}",
        "Dear {trainee_name},\n\nYou have been selected for the session below.\n\n"
        + _SESSION_EN
        + "\nMy classes: {my_classes_url}\n",
    ),
    ("summons_hr_copy", "zh-hant"): (
        "【調訓通知副本】{agency} {trainee_name}：{course_title} 第 {term} 期",
        "貴機關 {trainee_name} 已獲錄取參加下列班期，敬請協助調訓。\n\n" + _SESSION,
    ),
    ("summons_hr_copy", "en"): (
        "Summons (copy): {trainee_name} of {agency}, {course_title}",
        "{trainee_name} of your agency has been selected for this session.\n\n"
        + _SESSION_EN,
    ),
    ("waitlisted", "zh-hant"): (
        "【候補通知】{course_title} 第 {term} 期",
        "{trainee_name} 您好：\n\n本班期名額已滿，您目前為候補第 {position} 順位；"
        "有名額釋出時將依序遞補並通知您。\n\n" + _SESSION,
    ),
    ("waitlisted", "en"): (
        "Waiting list: {course_title}, term {term}",
        "Dear {trainee_name},\n\nThe session is full; you are number {position} on "
        "the waiting list. We will tell you if a seat frees up.\n\n" + _SESSION_EN,
    ),
    ("waitlist_promotion", "zh-hant"): (
        "【遞補錄取通知】{course_title} 第 {term} 期",
        "{trainee_name} 您好：\n\n有名額釋出，您已由候補遞補錄取，請準時報到。\n\n"
        + _SESSION
        + "\n我的班期：{my_classes_url}\n",
    ),
    ("waitlist_promotion", "en"): (
        "A seat for you: {course_title}, term {term}",
        "Dear {trainee_name},\n\nA seat freed up and you have been selected from the "
        "waiting list.\n\n" + _SESSION_EN + "\nMy classes: {my_classes_url}\n",
    ),
    ("withdrawal_confirmation", "zh-hant"): (
        "【取消報名確認】{course_title} 第 {term} 期",
        "{trainee_name} 您好：\n\n您已取消報名下列班期。原因：{reason}\n\n" + _SESSION,
    ),
    ("withdrawal_confirmation", "en"): (
        "Withdrawal confirmed: {course_title}, term {term}",
        "Dear {trainee_name},\n\nYou have withdrawn from this session. Reason: "
        "{reason}\n\n" + _SESSION_EN,
    ),
    ("substitution_hr_copy", "zh-hant"): (
        "【異動通知】{course_title} 第 {term} 期：{replaced_name} 改由 {trainee_name} 參訓",
        "貴機關 {replaced_name} 之參訓名額已改由 {trainee_name} 遞補。\n\n" + _SESSION,
    ),
    ("substitution_hr_copy", "en"): (
        "Substitution: {trainee_name} replaces {replaced_name}",
        "{trainee_name} takes the place of {replaced_name} in this session.\n\n"
        + _SESSION_EN,
    ),
    ("license_submitted", "zh-hant"): (
        "【教材授權申請已收件】{reference}",
        "{applicant_name} 您好：\n\n本處已收到 {agency} 的教材授權申請 {reference}，"
        "將儘速審查。\n\n申請教材：\n{materials}\n使用期間：{period}\n\n"
        "申請進度：{application_url}\n",
    ),
    ("license_submitted", "en"): (
        "License application received: {reference}",
        "Dear {applicant_name},\n\nWe have received application {reference} of "
        "{agency} and will review it soon.\n\nMaterials:\n{materials}\n"
        "Period: {period}\n\nProgress: {application_url}\n",
    ),
    ("license_under_review", "zh-hant"): (
        "【教材授權審查中】{reference}",
        "{applicant_name} 您好：\n\n您的教材授權申請 {reference} 已進入審查。\n\n"
        "申請進度：{application_url}\n",
    ),
    ("license_under_review", "en"): (
        "License application under review: {reference}",
        "Dear {applicant_name},\n\nApplication {reference} is under review.\n\n"
        "Progress: {application_url}\n",
    ),
    ("license_approved", "zh-hant"): (
        "【教材授權核准】{reference}",
        "{applicant_name} 您好：\n\n您的教材授權申請 {reference} 已核准，"
        "授權條件：{conditions}\n教材提供後將另行通知。\n\n申請進度：{application_url}\n",
    ),
    ("license_approved", "en"): (
        "License application approved: {reference}",
        "Dear {applicant_name},\n\nApplication {reference} is approved. Conditions: "
        "{conditions}\nWe will tell you when the materials are ready.\n\n"
        "Progress: {application_url}\n",
    ),
    ("license_refused", "zh-hant"): (
        "【教材授權申請未獲同意】{reference}",
        "{applicant_name} 您好：\n\n很抱歉，您的教材授權申請 {reference} 未獲同意。\n"
        "原因：{reason}\n\n申請內容：{application_url}\n",
    ),
    ("license_refused", "en"): (
        "License application refused: {reference}",
        "Dear {applicant_name},\n\nWe are sorry: application {reference} is refused.\n"
        "Reason: {reason}\n\nApplication: {application_url}\n",
    ),
    ("license_granted", "zh-hant"): (
        "【教材授權完成，請下載教材】{reference}",
        "{applicant_name} 您好：\n\n授權 {reference} 已完成。請登入後於下列頁面下載教材，"
        "下載連結至 {expires_at} 止有效。\n\n{application_url}\n\n"
        "授權條件：{conditions}\n使用期間：{period}\n",
    ),
    ("license_granted", "en"): (
        "License granted, materials ready: {reference}",
        "Dear {applicant_name},\n\nLicense {reference} is granted. Sign in and "
        "download the materials from the page below; the links work until "
        "{expires_at}.\n\n{application_url}\n\nConditions: {conditions}\n"
        "Period: {period}\n",
    ),
    ("leave_decision", "zh-hant"): (
        "【請假{decision}】{course_title} 第 {term} 期 {date}",
        "{trainee_name} 您好：\n\n您 {date} 的請假申請（{hours}）結果：{decision}。\n"
        "說明：{note}\n\n班期：{session_code} 第 {term} 期\n",
    ),
    ("leave_decision", "en"): (
        "Leave {decision}: {course_title}, {date}",
        "Dear {trainee_name},\n\nYour leave request for {date} ({hours}): {decision}.\n"
        "Note: {note}\n\nSession: {session_code}, term {term}\n",
    ),
    ("leave_approved_notice", "zh-hant"): (
        "【請假通知】{agency} {trainee_name} {date} 請假",
        "{agency} {trainee_name} 參加 {course_title}（{session_code} 第 {term} 期），"
        "{date} 請假（{hours}）已核准。\n事由：{reason}\n",
    ),
    ("leave_approved_notice", "en"): (
        "Leave: {trainee_name} of {agency}, {date}",
        "{trainee_name} of {agency}, trainee of {course_title} ({session_code}, term "
        "{term}), is on approved leave on {date} ({hours}).\nReason: {reason}\n",
    ),
    ("lecturer_invitation", "zh-hant"): (
        "【講座邀請】{lecturer_name} 老師，請啟用您的講座帳號",
        "{lecturer_name} 老師您好：\n\n本處邀請您啟用講座帳號，以查看授課資料、"
        "維護個人資料。請於 {days} 日內開啟下列連結：\n\n{invitation_url}\n\n"
        "若您未預期收到本信，請忽略。\n",
    ),
    ("lecturer_invitation", "en"): (
        "Your lecturer account: {lecturer_name}",
        "Dear {lecturer_name},\n\nThe institute invites you to open your lecturer "
        "account to see your teaching and keep your details. The link works for "
        "{days} days:\n\n{invitation_url}\n\nIf you did not expect this e-mail, "
        "ignore it.\n",
    ),
    ("lecturer_bank_changed", "zh-hant"): (
        "【通知】您的鐘點費匯款帳戶已變更",
        "{lecturer_name} 老師您好：\n\n您的匯款帳戶已於 {changed_at} 變更為 "
        "{account}。\n若非您本人操作，請立即與本處聯絡。\n",
    ),
    ("lecturer_bank_changed", "en"): (
        "Your bank account for fees was changed",
        "Dear {lecturer_name},\n\nYour bank account for fees was changed on "
        "{changed_at} to {account}.\nIf this was not you, contact the institute "
        "at once.\n",
    ),
    ("authorization_request", "zh-hant"): (
        "【授權書簽署】{lecturer_name} 老師，請簽署教材授權書 {reference}",
        "{lecturer_name} 老師您好：\n\n本處誠摯感謝您擔任「{session}」講座。"
        "請以手機或電腦開啟下列連結，閱讀並以電子簽章簽署教材授權書 {reference}"
        "（連結 {days} 日內有效，需以您的講座帳號登入）：\n\n{signing_url}\n\n"
        "如對授權範圍有疑問，請與承辦人聯絡。\n",
    ),
    ("authorization_request", "en"): (
        "Please sign material authorization {reference}",
        "Dear {lecturer_name},\n\nThank you for teaching in {session}. Please open "
        "the link below on your phone or computer, read the material authorization "
        "{reference} and sign it electronically (the link works for {days} days; "
        "sign in with your lecturer account):\n\n{signing_url}\n\nIf you have "
        "questions about the scope, contact the organizer.\n",
    ),
    ("authorization_signed", "zh-hant"): (
        "【授權書已簽署】{reference}",
        "{lecturer_name} 老師您好：\n\n您已簽署教材授權書 {reference}"
        "（{session}）。\n授權範圍：{scopes}\n授權期間：{period}\n\n"
        "經本處電子印信封存之 PDF 可於講座專區「授權書」下載，檔案 SHA-256："
        "{document_sha256}。\n您可隨時於該頁撤回授權（對未來生效）。\n",
    ),
    ("authorization_signed", "en"): (
        "Authorization {reference} signed",
        "Dear {lecturer_name},\n\nYou signed material authorization {reference} "
        "({session}).\nAuthorized: {scopes}\nPeriod: {period}\n\nThe PDF sealed "
        "by the institute is on your lecturer page under Authorizations (SHA-256 "
        "{document_sha256}). You may withdraw the authorization there at any time, "
        "for the future.\n",
    ),
    ("material_accepted", "zh-hant"): (
        "【教材審核】您的教材「{title}」已收件",
        "{lecturer_name} 老師您好：\n\n您為「{session}」提供的教材「{title}」已由承辦人"
        "收件，列為本班講義。學員能否在網站下載，依您簽署的教材授權書範圍而定。\n",
    ),
    ("material_accepted", "en"): (
        "Your material “{title}” is accepted",
        "Dear {lecturer_name},\n\nThe organizer accepted your material “{title}” for "
        "{session} as a handout of the class. Whether trainees may download it on the "
        "site follows your signed material authorization.\n",
    ),
    ("material_returned", "zh-hant"): (
        "【教材審核】您的教材「{title}」需要修改",
        "{lecturer_name} 老師您好：\n\n您為「{session}」提供的教材「{title}」已退回，"
        "承辦人說明如下：\n\n{comment}\n\n請至講座專區「我的教材」重新上傳。\n",
    ),
    ("material_returned", "en"): (
        "Your material “{title}” was returned",
        "Dear {lecturer_name},\n\nYour material “{title}” for {session} was returned. "
        "The organizer says:\n\n{comment}\n\nPlease hand in a new version under "
        "My teaching materials on your lecturer page.\n",
    ),
    ("suggestion_replied", "zh-hant"): (
        "【意見回應】您的意見「{subject}」已有回覆",
        "{trainee_name} 您好：\n\n感謝您提供意見「{subject}」，本處回覆如下：\n\n"
        "{reply}\n\n您可以在「我的意見」查看處理情形：{suggestion_url}\n",
    ),
    ("suggestion_replied", "en"): (
        "Your suggestion “{subject}” has a reply",
        "Dear {trainee_name},\n\nThank you for your suggestion “{subject}”. Our "
        "reply:\n\n{reply}\n\nSee how your suggestions are handled under My "
        "suggestions: {suggestion_url}\n",
    ),
    ("dismissal", "zh-hant"): (
        "【退訓通知】{course_title} 第 {term} 期",
        "{trainee_name} 您好：\n\n依本處訓練規定，您已自下列班期退訓。原因：{reason}\n\n"
        + _SESSION
        + "\n如有疑問，請洽承辦人。\n",
    ),
    ("dismissal", "en"): (
        "Withdrawn from {course_title}, term {term}",
        "Dear {trainee_name},\n\nUnder the institute's training rules you have been "
        "withdrawn from this session. Reason: {reason}\n\n"
        + _SESSION_EN
        + "\nPlease contact the organizer with any question.\n",
    ),
    ("dismissal_hr_copy", "zh-hant"): (
        "【退訓通知副本】{agency} {trainee_name}：{course_title} 第 {term} 期",
        "貴機關 {trainee_name} 依本處訓練規定已自下列班期退訓。原因：{reason}\n\n"
        + _SESSION,
    ),
    ("dismissal_hr_copy", "en"): (
        "Withdrawn (copy): {trainee_name} of {agency}, {course_title}",
        "{trainee_name} of your agency has been withdrawn from this session under "
        "the institute's training rules. Reason: {reason}\n\n" + _SESSION_EN,
    ),
    ("blended_signup_reminder", "zh-hant"): (
        "【混成課程提醒】請先報名線上課程：{course_title}",
        "{trainee_name} 您好：\n\n您參加的混成班期將於 {start_date} 開始，"
        "請先至數位學習平臺報名並完成線上課程：{elearning_url}\n\n" + _SESSION,
    ),
    ("blended_signup_reminder", "en"): (
        "Blended class: sign up for the online part of {course_title}",
        "Dear {trainee_name},\n\nYour blended session starts on {start_date}. Please "
        "sign up for and complete its online part first: {elearning_url}\n\n"
        + _SESSION_EN,
    ),
    ("blended_unfinished", "zh-hant"): (
        "【混成課程提醒】線上課程尚未完成：{course_title}",
        "{trainee_name} 您好：\n\n您尚未完成下列混成班期的線上課程，"
        "完成後才能取得研習時數與證明：{elearning_url}\n\n" + _SESSION,
    ),
    ("blended_unfinished", "en"): (
        "Blended class: the online part of {course_title} is not finished",
        "Dear {trainee_name},\n\nYou have not yet finished the online part of this "
        "blended session; you need it for your hours and certificate: "
        "{elearning_url}\n\n" + _SESSION_EN,
    ),
    ("blended_unfinished_hr", "zh-hant"): (
        "【混成課程提醒副本】{agency} {trainee_name} 尚未完成線上課程",
        "貴機關 {trainee_name} 尚未完成下列混成班期的線上課程，敬請協助提醒。\n\n"
        + _SESSION,
    ),
    ("blended_unfinished_hr", "en"): (
        "Blended class: {trainee_name} of {agency} has not finished the online part",
        "{trainee_name} of your agency has not yet finished the online part of this "
        "blended session.\n\n" + _SESSION_EN,
    ),
    ("exchange_taken", "zh-hant"): (
        "【異動媒合】{course_title} 第 {term} 期：您的名額已由 {taker_name} 接手",
        "{offerer_name} 您好：\n\n您釋出的參訓名額已由同仁 {taker_name} 接手，"
        "您在本班期的報名已註銷，無須出席。\n\n" + _SESSION,
    ),
    ("exchange_taken", "en"): (
        "Seat exchange: {taker_name} took over your seat in {course_title}",
        "Dear {offerer_name},\n\nYour colleague {taker_name} has taken over the seat "
        "you offered; you are no longer registered for this session.\n\n" + _SESSION_EN,
    ),
    ("exchange_summons", "zh-hant"): (
        "【調訓通知（異動媒合）】{course_title} 第 {term} 期",
        "{taker_name} 您好：\n\n您已接手同仁 {offerer_name} 的參訓名額，"
        "請準時報到。\n\n" + _SESSION + "\n我的班期：{my_classes_url}\n",
    ),
    ("exchange_summons", "en"): (
        "Summons (seat exchange): {course_title}, term {term}",
        "Dear {taker_name},\n\nYou have taken over the seat of your colleague "
        "{offerer_name}. Please attend.\n\n"
        + _SESSION_EN
        + "\nMy classes: {my_classes_url}\n",
    ),
    ("exchange_released", "zh-hant"): (
        "【異動媒合】{course_title} 第 {term} 期：名額已由候補學員遞補",
        "{offerer_name} 您好：\n\n依本處規定，有學員候補時，釋出的名額由候補"
        "第一順位遞補。您在本班期的報名已取消，無須出席。\n\n" + _SESSION,
    ),
    ("exchange_released", "en"): (
        "Seat exchange: your seat in {course_title} went to the waiting list",
        "Dear {offerer_name},\n\nUnder the institute's rule, a seat offered while "
        "others wait goes to the first on the waiting list. You are no longer "
        "registered for this session.\n\n" + _SESSION_EN,
    ),
    ("exchange_expired", "zh-hant"): (
        "【異動媒合】{course_title} 第 {term} 期：無同仁接手，您仍保有名額",
        "{offerer_name} 您好：\n\n您釋出的參訓名額至 {deadline} 止無同仁接手，"
        "您仍保有名額，請準時參訓；如無法出席，請於上課日頁面請假或洽人事單位。"
        "\n\n" + _SESSION + "\n我的班期：{my_classes_url}\n",
    ),
    ("exchange_expired", "en"): (
        "Seat exchange: nobody took your seat in {course_title}",
        "Dear {offerer_name},\n\nNobody took over the seat you offered by "
        "{deadline}, so it is still yours. Please attend; if you cannot, ask for "
        "leave on the class-day page or ask your HR office.\n\n"
        + _SESSION_EN
        + "\nMy classes: {my_classes_url}\n",
    ),
    ("hr_sync_report", "zh-hant"): (
        "【人事資料同步】{outcome}：新增 {created}、異動 {updated}、調動 {transferred}、"
        "離退 {left}",
        "人事資料同步報告\n\n來源：{source}\n檔案：{filename}\n筆數：{rows}\n\n"
        "新增 {created} 人\n資料更新 {updated} 人\n機關調動 {transferred} 人\n"
        "離職／退休 {left} 人\n復職 {rejoined} 人\n未變動 {unchanged} 人\n\n"
        "詳細紀錄：{run_url}\n",
    ),
    ("hr_sync_report", "en"): (
        "HR data sync {outcome}: {created} created, {updated} updated, "
        "{transferred} transferred, {left} left",
        "HR data sync report\n\nSource: {source}\nFile: {filename}\nRows: {rows}\n\n"
        "Created: {created}\nUpdated: {updated}\nTransferred: {transferred}\n"
        "Left service: {left}\nBack in service: {rejoined}\nUnchanged: {unchanged}\n\n"
        "The run: {run_url}\n",
    ),
    ("hr_sync_failed", "zh-hant"): (
        "【人事資料同步失敗】{outcome}，資料未變動",
        "人事資料同步未完成，系統資料均未變動。\n\n來源：{source}\n檔案：{filename}\n"
        "筆數：{rows}\n原因：{message}\n\n有問題的資料列：\n{problems}\n\n"
        "請洽人事系統修正後重新提供檔案。詳細紀錄：{run_url}\n",
    ),
    ("hr_sync_failed", "en"): (
        "HR data sync failed ({outcome}): nothing was changed",
        "The HR data sync did not complete; nothing in the portal was changed.\n\n"
        "Source: {source}\nFile: {filename}\nRows: {rows}\nWhy: {message}\n\n"
        "Rows with problems:\n{problems}\n\nAsk the HR system to correct the feed. "
        "The run: {run_url}\n",
    ),
    ("volunteer_shift_reminder", "zh-hant"): (
        "【志工排班提醒】明日 {date} {time} {duty}",
        "{volunteer_name} 您好：\n\n提醒您明日有志工服務班次：\n\n日期：{date}\n時間：{time}\n"
        "服務項目：{duty}\n地點：{post}\n\n到班時請掃描服務地點螢幕上的條碼簽到，離開時再掃描一次簽退。"
        "如無法出席，請儘早洽志工督導。\n\n志工專區：{volunteer_url}\n",
    ),
    ("volunteer_shift_reminder", "en"): (
        "Volunteer shift tomorrow: {date} {time} {duty}",
        "Dear {volunteer_name},\n\nA reminder of your volunteer shift tomorrow:\n\n"
        "Date: {date}\nTime: {time}\nDuty: {duty}\nPost: {post}\n\nScan the code on "
        "the post's screen when you arrive and again when you leave. If you cannot "
        "come, tell the coordinator as soon as you can.\n\nVolunteer service: "
        "{volunteer_url}\n",
    ),
    ("volunteer_weekly_gaps", "zh-hant"): (
        "【志工排班】未來兩週尚缺志工的班次與課程",
        "志工督導您好：\n\n未來兩週尚缺志工的班次：\n{shifts}\n\n尚無志工協助的課程：\n{classes}"
        "\n\n排班概況：{coverage_url}\n",
    ),
    ("volunteer_weekly_gaps", "en"): (
        "Volunteers: shifts and classes still without volunteers",
        "Dear coordinator,\n\nShifts of the next two weeks with missing places:\n"
        "{shifts}\n\nClasses with no volunteer:\n{classes}\n\nCoverage: "
        "{coverage_url}\n",
    ),
}
