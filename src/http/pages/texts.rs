//! Every text of the web pages in Ukrainian, Dutch and English.
//!
//! One line per text keeps the three languages side by side, so a missing or
//! stale translation shows in review. Field error messages are not here:
//! they are the API's (English, naming the field), translated by
//! `field_messages.rs`.

use super::i18n::index;
use crate::model::Lang;

macro_rules! texts {
    ($($key:ident => [$uk:literal, $nl:literal, $en:literal],)*) => {
        /// A text of the pages; its doc is the English text.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum T {
            $(#[doc = $en] $key,)*
        }

        fn table(key: T) -> [&'static str; 3] {
            match key {
                $(T::$key => [$uk, $nl, $en],)*
            }
        }

        /// Every text, for the tests.
        #[cfg(test)]
        pub const ALL: &[T] = &[$(T::$key,)*];
    };
}

/// The text `key` in `lang`.
pub fn t(lang: Lang, key: T) -> &'static str {
    table(key)[index(lang)]
}

texts! {
    SkipToContent => ["Перейти до змісту", "Naar de inhoud", "Skip to content"],
    LanguageSwitch => ["Мова сторінки", "Taal van de pagina", "Page language"],
    MainMenu => ["Головне меню", "Hoofdmenu", "Main menu"],
    NavSearch => ["Пошук", "Zoeken", "Search"],
    NavAdd => ["Додати", "Toevoegen", "Add"],
    NavMatch => ["Підбір для сім'ї", "Hulp voor een gezin", "Match a household"],
    NavStale => ["Застарілі", "Verouderd", "Stale"],
    NavModeration => ["Модерація", "Moderatie", "Moderation"],
    NavSignIn => ["Увійти", "Inloggen", "Sign in"],
    SignOut => ["Вийти", "Uitloggen", "Sign out"],
    SignedInAs => ["Ви увійшли як", "Ingelogd als", "Signed in as"],
    FooterNote => [
        "Wegwijs — довідник допомоги для людей з України в Нідерландах. Перевіряйте дані перед тим, як передавати їх далі.",
        "Wegwijs — wegwijzer naar hulp voor mensen uit Oekraïne in Nederland. Controleer gegevens voordat u ze doorgeeft.",
        "Wegwijs — a directory of help for people from Ukraine in the Netherlands. Check the details before you pass them on."
    ],
    BackToSearch => ["Повернутися до пошуку", "Terug naar zoeken", "Back to search"],
    FixErrors => ["Будь ласка, виправте:", "Verbeter het volgende:", "Please fix the following:"],
    Required => ["обов'язково", "verplicht", "required"],

    ErrBadRequest => ["Неправильний запит", "Ongeldige invoer", "Invalid input"],
    ErrBadRequestText => ["Деякі дані неправильні. Виправте їх і спробуйте ще раз.", "Sommige gegevens kloppen niet. Verbeter ze en probeer het opnieuw.", "Some of the input is not valid. Fix it and try again."],
    ErrUnauthorized => ["Потрібно увійти", "Inloggen nodig", "Sign-in needed"],
    ErrUnauthorizedText => ["Ця сторінка лише для редакторів і модераторів. Увійдіть за допомогою токена.", "Deze pagina is alleen voor redacteuren en moderatoren. Log in met uw token.", "This page is for editors and moderators only. Sign in with your token."],
    ErrForbidden => ["Немає доступу", "Geen toegang", "Not allowed"],
    ErrForged => ["Форму не прийнято", "Formulier niet aanvaard", "Form not accepted"],
    ErrForgedText => [
        "Форма застаріла або надіслана не з цього сайту. Поверніться назад, оновіть сторінку і надішліть форму ще раз.",
        "Het formulier is verlopen of kwam niet van deze site. Ga terug, laad de pagina opnieuw en verstuur het formulier nog eens.",
        "The form has expired or did not come from this site. Go back, reload the page and send the form again."
    ],
    ErrForbiddenText => ["Ваш токен не дає права на цю дію.", "Uw token geeft geen recht op deze actie.", "Your token does not allow this."],
    ErrNotFound => ["Не знайдено", "Niet gevonden", "Not found"],
    ErrNotFoundText => ["Такої сторінки або запису немає.", "Deze pagina of dit item bestaat niet.", "There is no such page or record."],
    ErrConflict => ["Конфлікт", "Conflict", "Conflict"],
    ErrConflictText => ["Дані тим часом змінилися або вже були оброблені. Оновіть сторінку.", "De gegevens zijn intussen gewijzigd of al verwerkt. Laad de pagina opnieuw.", "The data changed meanwhile or was already handled. Reload the page."],
    ErrTooLarge => ["Забагато даних", "Te veel gegevens", "Too much data"],
    ErrTooLargeText => ["Форма містить забагато тексту.", "Het formulier bevat te veel tekst.", "The form holds too much text."],
    ErrMediaType => ["Непідтримуваний формат", "Niet-ondersteund formaat", "Unsupported format"],
    ErrMediaTypeText => ["Надішліть форму зі сторінки.", "Verstuur het formulier vanaf de pagina.", "Send the form from the page."],
    ErrTooMany => ["Забагато запитів", "Te veel verzoeken", "Too many requests"],
    ErrTooManyText => ["Зачекайте хвилину і спробуйте ще раз.", "Wacht een minuut en probeer het opnieuw.", "Wait a minute and try again."],
    ErrInternal => ["Помилка на нашому боці", "Fout aan onze kant", "Error on our side"],
    ErrInternalText => ["Щось пішло не так. Спробуйте пізніше.", "Er ging iets mis. Probeer het later opnieuw.", "Something went wrong. Try again later."],

    SearchTitle => ["Пошук допомоги", "Hulp zoeken", "Find help"],
    SearchLabel => ["Що шукаєте?", "Wat zoekt u?", "What are you looking for?"],
    SearchPlaceholder => ["напр. психолог, уроки нідерландської", "bijv. psycholoog, Nederlandse les", "e.g. psychologist, Dutch lessons"],
    Place => ["Місто або село", "Plaats", "Place"],
    PlacePlaceholder => ["напр. Утрехт", "bijv. Utrecht", "e.g. Utrecht"],
    Radius => ["Відстань", "Afstand", "Distance"],
    AnyDistance => ["будь-яка", "elke afstand", "any distance"],
    Category => ["Тема", "Onderwerp", "Topic"],
    AnyCategory => ["усі теми", "alle onderwerpen", "all topics"],
    All => ["усе", "alles", "all"],
    ServiceLanguage => ["Мова послуги", "Taal van de dienst", "Language of the service"],
    AnyLanguage => ["будь-яка мова", "elke taal", "any language"],
    FreeOnly => ["Лише безкоштовне", "Alleen gratis", "Free only"],
    SearchButton => ["Шукати", "Zoeken", "Search"],
    Near => ["поблизу", "bij", "near"],
    NoResults => ["Нічого не знайдено. Спробуйте інші слова, більшу відстань або іншу тему.", "Niets gevonden. Probeer andere woorden, een grotere afstand of een ander onderwerp.", "Nothing found. Try other words, a larger distance or another topic."],
    Pages => ["Сторінки результатів", "Resultaatpagina's", "Result pages"],
    Page => ["сторінка", "pagina", "page"],
    Previous => ["Попередня", "Vorige", "Previous"],
    Next => ["Наступна", "Volgende", "Next"],
    IntroText => ["Введіть питання або місто — і отримайте найкращі варіанти поруч, з готовим повідомленням для чату.", "Typ een vraag of een plaats en krijg de beste opties in de buurt, met een kant-en-klaar bericht voor de chat.", "Type a question or a place and get the best options nearby, with a ready message for the chat."],
    BrowseTopics => ["Теми", "Onderwerpen", "Topics"],

    Where => ["Де", "Waar", "Where"],
    Languages => ["Мови", "Talen", "Languages"],
    Cost => ["Вартість", "Kosten", "Cost"],
    Availability => ["Прийом", "Beschikbaarheid", "Availability"],
    Phone => ["Телефон", "Telefoon", "Phone"],
    Link => ["Посилання", "Link", "Link"],
    Online => ["онлайн / по всій країні", "online / landelijk", "online / national"],
    Free => ["безкоштовно", "gratis", "free"],
    Paid => ["платно", "betaald", "paid"],
    Reduced => ["знижка", "korting", "reduced"],
    Unknown => ["невідомо", "onbekend", "unknown"],
    Accepting => ["приймають нових людей", "neemt nieuwe mensen aan", "taking new people"],
    WaitingList => ["черга очікування", "wachtlijst", "waiting list"],
    Full => ["місць немає", "vol", "full"],
    TemporarilyClosed => ["тимчасово закрито", "tijdelijk gesloten", "temporarily closed"],
    NotVerified => ["не перевірено", "niet gecontroleerd", "not verified"],
    StaleBadge => ["застаріло", "verouderd", "stale"],
    SyntheticBadge => ["тестові дані", "testgegevens", "test data"],
    CopyAsMessage => ["Копіювати як повідомлення", "Kopiëren als bericht", "Copy as message"],
    MessageText => ["Текст повідомлення (виділіть і скопіюйте)", "Tekst van het bericht (selecteer en kopieer)", "Message text (select and copy)"],
    Copied => ["Скопійовано — вставте в чат", "Gekopieerd — plak het in de chat", "Copied — paste it into the chat"],
    CopyAgain => ["Скопіювати ще раз", "Opnieuw kopiëren", "Copy again"],
    InOtherLanguages => ["Іншими мовами", "In andere talen", "In other languages"],
    CopyFailed => ["Не вдалося скопіювати автоматично; виділіть текст вручну", "Automatisch kopiëren lukte niet; selecteer de tekst zelf", "Could not copy automatically; select the text by hand"],

    Organization => ["Організація", "Organisatie", "Organisation"],
    OpenInMaps => ["відкрити на карті", "open in kaart", "open in maps"],
    ServiceArea => ["Район обслуговування", "Werkgebied", "Service area"],
    National => ["уся країна", "heel Nederland", "the whole country"],
    InterpreterAvailable => ["можливий перекладач", "tolk mogelijk", "interpreter available"],
    Ages => ["Вік", "Leeftijd", "Ages"],
    Audience => ["Для кого", "Voor wie", "For whom"],
    Bsn => ["BSN", "BSN", "BSN"],
    BsnRequired => ["потрібен BSN", "BSN nodig", "BSN required"],
    ResidentsOnly => ["Лише для мешканців", "Alleen voor inwoners van", "Residents only"],
    OpeningHours => ["Години роботи", "Openingstijden", "Opening hours"],
    Accessibility => ["Доступність", "Toegankelijkheid", "Accessibility"],
    Email => ["Ел. пошта", "E-mail", "Email"],
    Website => ["Сайт", "Website", "Website"],
    OrganizationWebsite => ["Сайт організації", "Website van de organisatie", "Organisation website"],
    Telegram => ["Telegram", "Telegram", "Telegram"],
    WhatsApp => ["WhatsApp", "WhatsApp", "WhatsApp"],
    Verified => ["Перевірено", "Gecontroleerd", "Verified"],
    Source => ["Джерело", "Bron", "Source"],
    Updated => ["Оновлено", "Bijgewerkt", "Updated"],
    Note => ["Примітка", "Opmerking", "Note"],
    ArchivedNotice => ["Цей запис в архіві: послуга, ймовірно, більше не діє.", "Dit item is gearchiveerd: de dienst bestaat waarschijnlijk niet meer.", "This record is archived: the service probably no longer exists."],
    NotPublishedNotice => ["Цей запис ще не опубліковано.", "Dit item is nog niet gepubliceerd.", "This record is not published yet."],
    SuggestCorrection => ["Запропонувати виправлення", "Correctie voorstellen", "Suggest a correction"],
    WhatIsWrong => ["Що неправильно?", "Wat klopt er niet?", "What is wrong?"],
    CorrectionHint => ["Напр. «номер телефону змінився» або «вони закрилися». Модератор перевірить.", "Bijv. 'het telefoonnummer is veranderd' of 'ze zijn gesloten'. Een moderator controleert het.", "E.g. 'the phone number changed' or 'they closed'. A moderator will check it."],
    SendCorrection => ["Надіслати виправлення", "Correctie versturen", "Send correction"],
    CorrectionThanks => ["Дякуємо! Модератор перевірить ваше виправлення.", "Bedankt! Een moderator controleert uw correctie.", "Thank you! A moderator will check your correction."],

    AddTitle => ["Додати ресурс", "Hulpbron toevoegen", "Add a resource"],
    AddIntroAnonymous => ["Знаєте корисну послугу? Опишіть її. Модератор перевірить, перш ніж вона з'явиться в пошуку.", "Kent u een nuttige dienst? Beschrijf die. Een moderator controleert hem voordat hij in de zoekresultaten komt.", "Know a useful service? Describe it. A moderator checks it before it appears in search."],
    AddIntroEditor => ["Ви редактор: запис буде опубліковано одразу і позначено як перевірений вами.", "U bent redacteur: het item wordt meteen gepubliceerd en als door u gecontroleerd gemarkeerd.", "You are an editor: the record is published at once and marked as verified by you."],
    Name => ["Назва послуги", "Naam van de dienst", "Name of the service"],
    Description => ["Опис", "Beschrijving", "Description"],
    DescriptionHint => ["Хоча б однією мовою.", "In minstens één taal.", "In at least one language."],
    AtAPlace => ["За адресою", "Op een adres", "At a place"],
    Address => ["Адреса", "Adres", "Address"],
    OtherLanguages => ["Інші мови (коди ISO, через кому, напр. de, ar)", "Andere talen (ISO-codes, met komma's, bijv. de, ar)", "Other languages (ISO codes, comma-separated, e.g. de, ar)"],
    CostKind => ["Оплата", "Betaling", "Payment"],
    AmountEur => ["Сума в євро", "Bedrag in euro", "Amount in euro"],
    CostNote => ["Примітка щодо ціни", "Toelichting op de prijs", "Note on the price"],
    MinAge => ["Мінімальний вік", "Minimumleeftijd", "Minimum age"],
    MaxAge => ["Максимальний вік", "Maximumleeftijd", "Maximum age"],
    Contact => ["Контакти", "Contact", "Contact"],
    SourceField => ["Звідки ви це знаєте? (посилання або хто повідомив)", "Waar weet u dit van? (link of wie het meldde)", "How do you know this? (a link or who told you)"],
    SendSuggestion => ["Надіслати на перевірку", "Ter controle versturen", "Send for review"],
    Publish => ["Опублікувати", "Publiceren", "Publish"],
    Published => ["Опубліковано.", "Gepubliceerd.", "Published."],
    SuggestionThanks => ["Дякуємо! Модератор перевірить вашу пропозицію.", "Bedankt! Een moderator controleert uw voorstel.", "Thank you! A moderator will check your suggestion."],

    MatchTitle => ["Підбір допомоги для сім'ї", "Hulp zoeken voor een gezin", "Find help for a household"],
    MatchIntro => ["Опишіть сім'ю — і отримайте найкращі варіанти для кожної потреби, з причинами, прогалинами та готовими повідомленнями для чату.", "Beschrijf het gezin en krijg per behoefte de beste opties, met redenen, hiaten en kant-en-klare chatberichten.", "Describe the household and get the best options for each need, with reasons, gaps and ready chat messages."],
    MatchPrivacy => ["Дані сім'ї не зберігаються і не записуються в журнали; сторінка не кешується.", "De gegevens van het gezin worden niet opgeslagen of gelogd; de pagina wordt niet bewaard.", "The household's details are not stored or logged; the page is not cached."],
    HomePlace => ["Де живе сім'я (місто або село)", "Woonplaats van het gezin", "Where the household lives (place)"],
    MatchReach => ["Відстань, км (необов'язково)", "Afstand in km (optioneel)", "Reach in km (optional)"],
    Mobility => ["Як пересуваються", "Vervoer", "How they travel"],
    MobilityWalk => ["пішки (2 км)", "lopend (2 km)", "on foot (2 km)"],
    MobilityBike => ["велосипедом (7 км)", "fiets (7 km)", "by bike (7 km)"],
    MobilityTransit => ["громадським транспортом (20 км)", "openbaar vervoer (20 km)", "public transport (20 km)"],
    MobilityCar => ["автомобілем (40 км)", "auto (40 km)", "by car (40 km)"],
    SpokenLanguages => ["Мови, якими розмовляють", "Gesproken talen", "Languages spoken"],
    NotSpoken => ["не розмовляють", "niet gesproken", "not spoken"],
    LevelNative => ["рідна", "moedertaal", "own language"],
    LevelFluent => ["вільно", "vloeiend", "fluent"],
    LevelBasic => ["базово (A1–B1)", "basis (A1–B1)", "basic (A1–B1)"],
    OtherSpoken => ["Інші мови (коди ISO через кому, напр. de, ar:basic)", "Andere talen (ISO-codes met komma's, bijv. de, ar:basic)", "Other languages (ISO codes, comma-separated, e.g. de, ar:basic)"],
    AvoidLanguages => ["Мови, яких не хочуть", "Talen die ze niet willen", "Languages to avoid"],
    LegalStatus => ["Правовий статус", "Verblijfsstatus", "Legal status"],
    StatusTemporaryProtection => ["тимчасовий захист (громадяни України)", "tijdelijke bescherming (Oekraïners)", "temporary protection (Ukrainian nationals)"],
    StatusThirdCountry => ["громадянин третьої країни, що жив в Україні", "derdelander uit Oekraïne", "third-country national from Ukraine"],
    StatusAsylumSeeker => ["шукач притулку", "asielzoeker", "asylum seeker"],
    StatusHolder => ["має дозвіл на проживання (статус)", "statushouder", "status holder"],
    StatusEuCitizen => ["громадянин ЄС", "EU-burger", "EU citizen"],
    StatusOther => ["інше", "anders", "other"],
    HasBsn => ["Чи є BSN?", "Heeft het gezin een BSN?", "Do they have a BSN?"],
    Yes => ["так", "ja", "yes"],
    No => ["ні", "nee", "no"],
    RegisteredMunicipality => ["Муніципалітет реєстрації (якщо відомо)", "Gemeente van inschrijving (als bekend)", "Registered municipality (if known)"],
    Budget => ["Бюджет", "Budget", "Budget"],
    BudgetAny => ["будь-яка ціна", "elke prijs", "any price"],
    BudgetLowCost => ["недорого (до 10 €)", "goedkoop (tot € 10)", "low cost (up to €10)"],
    BudgetFree => ["лише безкоштовне", "alleen gratis", "free only"],
    HouseholdNeeds => ["Потреби всієї сім'ї", "Behoeften van het hele gezin", "Needs of the whole household"],
    NeedTopic => ["Тема", "Onderwerp", "Topic"],
    NeedWords => ["Інші потреби своїми словами (через кому)", "Andere behoeften in eigen woorden (met komma's)", "Other needs in own words (comma-separated)"],
    Members => ["Члени сім'ї", "Gezinsleden", "Members"],
    MemberN => ["Член сім'ї", "Gezinslid", "Member"],
    MemberLabel => ["Хто це (напр. «мама», «син, 12»; не ім'я)", "Wie (bijv. 'moeder', 'zoon, 12'; geen naam)", "Who (e.g. 'mother', 'son, 12'; not a name)"],
    Age => ["Вік", "Leeftijd", "Age"],
    Interests => ["Інтереси (через кому)", "Interesses (met komma's)", "Interests (comma-separated)"],
    AddMember => ["Додати члена сім'ї", "Gezinslid toevoegen", "Add a member"],
    SuggestWellbeing => ["Також запропонувати дозвілля і психологічну підтримку", "Ook vrije tijd en mentale steun voorstellen", "Also suggest leisure and mental support"],
    MaxPerNeed => ["Варіантів на потребу", "Opties per behoefte", "Options per need"],
    FindMatches => ["Підібрати", "Zoek hulp", "Find matches"],
    PlanTitle => ["План", "Plan", "Plan"],
    SuggestionBadge => ["пропозиція", "suggestie", "suggestion"],
    NothingFound => ["Нічого відповідного не знайшлося.", "Er is niets passends gevonden.", "Nothing suitable was found."],
    GapWithinReach => ["У межах досяжності нічого відповідного немає:", "Binnen bereik past er niets:", "Nothing fits within reach:"],
    NearestBeyondReach => ["Найближчий варіант, далі:", "Dichtstbijzijnde optie, verder weg:", "Nearest option, beyond reach:"],
    OnlineAlternative => ["Онлайн-альтернатива:", "Online alternatief:", "Online alternative:"],
    NoAlternative => ["Далі чи онлайн теж нічого немає.", "Ook verder weg of online is er niets.", "Nothing further away or online either."],
    ChatMessages => ["Повідомлення для чату", "Berichten voor de chat", "Messages for the chat"],
    ChatMessagesHint => ["Кожне повідомлення не довше 4096 символів — надсилайте по черзі.", "Elk bericht is hoogstens 4096 tekens — verstuur ze na elkaar.", "Each message is at most 4,096 characters — send them one after another."],
    MessageNumber => ["Повідомлення", "Bericht", "Message"],
    ChangeHousehold => ["Змінити дані сім'ї", "Gegevens van het gezin wijzigen", "Change the household"],

    SignInTitle => ["Вхід", "Inloggen", "Sign in"],
    SignInIntro => ["Для редакторів і модераторів: вставте свій токен.", "Voor redacteuren en moderatoren: plak uw token.", "For editors and moderators: paste your token."],
    Token => ["Токен", "Token", "Token"],
    SignInButton => ["Увійти", "Inloggen", "Sign in"],

    ModerationTitle => ["Черга модерації", "Moderatiewachtrij", "Moderation queue"],
    PendingCount => ["Чекають на рішення:", "Wachten op een besluit:", "Waiting for a decision:"],
    KindNewResource => ["Новий ресурс", "Nieuwe hulpbron", "New resource"],
    DuplicateWarning => ["Схоже, цей ресурс уже є в довіднику. Перевірте записи нижче: якщо це той самий, оновіть його замість створення нового.", "Deze hulpbron lijkt al in de gids te staan. Bekijk de items hieronder: is het dezelfde, werk die dan bij in plaats van een nieuwe te maken.", "This resource looks like it is already listed. Check the entries below: if it is the same, update that one instead of adding a new one."],
    AddAnyway => ["Це інший ресурс — все одно додати", "Het is een andere hulpbron — toch toevoegen", "It is a different resource — add it anyway"],
    LikelyDuplicates => ["Можливо, вже є:", "Bestaat misschien al:", "Possibly already listed:"],
    DupSameName => ["та сама назва, відстань", "zelfde naam, op", "same name,"],
    DupMetres => ["м", "m afstand", "m away"],
    DupSamePhone => ["той самий телефон", "zelfde telefoonnummer", "same phone number"],
    DupSameWebsite => ["той самий вебсайт", "zelfde website", "same website"],
    KindCorrection => ["Виправлення", "Correctie", "Correction"],
    AllFields => ["Усі поля", "Alle velden", "All fields"],
    Approve => ["Схвалити", "Goedkeuren", "Approve"],
    Reject => ["Відхилити", "Afwijzen", "Reject"],
    RejectNote => ["Причина (необов'язково)", "Reden (optioneel)", "Reason (optional)"],
    ApprovedNotice => ["Схвалено.", "Goedgekeurd.", "Approved."],
    RejectedNotice => ["Відхилено.", "Afgewezen.", "Rejected."],

    StaleTitle => ["Застарілі записи", "Verouderde items", "Stale records"],
    StaleIntro => ["Не перевірялися понад 6 місяців. Ваш регіон:", "Meer dan 6 maanden niet gecontroleerd. Uw regio:", "Not verified for more than 6 months. Your region:"],
    StillCorrect => ["Усе ще правильно", "Klopt nog", "Still correct"],
    VerifiedNotice => ["Позначено як перевірене сьогодні.", "Vandaag als gecontroleerd gemarkeerd.", "Marked as verified today."],
    AllRegions => ["усі регіони", "alle regio's", "all regions"],

    NavGaps => ["Прогалини", "Witte vlekken", "Gaps"],
    GapsTitle => ["Де допомога поза досяжністю", "Waar hulp buiten bereik is", "Where help is out of reach"],
    GapsIntro => ["Для кожної громади: скільки відповідних послуг у межах досяжності від її центру і як далеко найближча. Онлайн-послуги та послуги по всій країні доступні всім і рахуються окремо.", "Per gemeente: hoeveel passende diensten binnen bereik van het centrum liggen en hoe ver de dichtstbijzijnde is. Online en landelijke diensten zijn voor iedereen bereikbaar en worden apart geteld.", "For every municipality: how many matching services lie within reach of its centre, and how far the nearest one is. Online and national services reach everyone and are counted separately."],
    Reach => ["Досяжність", "Bereik", "Reach"],
    GapsButton => ["Показати прогалини", "Toon witte vlekken", "Show gaps"],
    GapsUncovered => ["громад без жодної послуги в межах досяжності", "gemeenten zonder dienst binnen bereik", "municipalities without any service within reach"],
    GapsInhabitants => ["мешканців у цих громадах", "inwoners in deze gemeenten", "inhabitants live there"],
    GapsOnline => ["Онлайн / по всій країні (доступні всім)", "Online / landelijk (voor iedereen bereikbaar)", "Online / national (reach everyone)"],
    GapsDownloadCsv => ["Завантажити CSV", "CSV downloaden", "Download CSV"],
    GapsUncoveredList => ["Громади без покриття", "Gemeenten zonder dekking", "Municipalities without coverage"],
    GapsNoneUncovered => ["Кожна громада має щонайменше одну послугу в межах досяжності.", "Elke gemeente heeft minstens één dienst binnen bereik.", "Every municipality has at least one service within reach."],
    GapsMunicipality => ["Громада", "Gemeente", "Municipality"],
    GapsProvince => ["Провінція", "Provincie", "Province"],
    GapsPopulation => ["Мешканці", "Inwoners", "Inhabitants"],
    GapsNearest => ["Найближча послуга", "Dichtstbijzijnde dienst", "Nearest service"],
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LANGS;

    #[test]
    fn every_text_is_translated() {
        for &key in ALL {
            for lang in LANGS {
                assert!(!t(lang, key).trim().is_empty(), "{key:?} in {lang:?}");
            }
        }
    }
}
