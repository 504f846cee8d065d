import EthosCore
import Foundation
import Testing

/// The language check, measured on every English text the repository labels and on feedback in
/// other languages; its rule (six words or more, under 8% common English words, or mostly
/// non-Latin letters) was set before either was measured.
@Suite("Texts in languages Ethos does not read")
struct TextLanguageTests {
    static let foreign = [
        "Sie hat das Review sehr gründlich gemacht und danach die Tests verbessert.",
        "Er teilt sein Wissen gerne mit dem ganzen Team und hilft neuen Kollegen.",
        "Ella mejoró las pruebas y compartió el código con el equipo de soporte.",
        "Siempre escucha los comentarios y cambia su diseño sin quejarse nunca.",
        "Elle partage son travail avec toute l'équipe et aide les nouveaux arrivants.",
        "Il a refusé de partager la documentation avec les autres équipes du projet.",
        "Ela publicou a biblioteca como código aberto e ajudou outros projetos.",
        "Lui ha presentato il progetto alla conferenza e ha pubblicato le slide.",
        "Zij heeft de code grondig nagekeken en daarna de tests verbeterd voor iedereen.",
        "彼女はレビューの指摘を受け入れて、設計を丁寧に書き直しました。",
        "Он поделился своими знаниями со всей командой и помог новичкам.",
        "他在会议上做了报告并且把幻灯片公开发布了。",
    ]

    @Test("every English text the repository labels is read; feedback in other languages is not")
    func measured() throws {
        var english: [String] = []
        for path in ["Tests/EthosCLITests/Fixtures/corpus/train.jsonl", "Tests/EthosCLITests/Fixtures/corpus/dev.jsonl",
                     "Tests/EthosCLITests/Fixtures/corpus/test.jsonl", "Tests/EthosCoreTests/Fixtures/labelled.jsonl",
                     "Tests/EthosCoreTests/Fixtures/validation.jsonl"] {
            let text = try String(contentsOf: repositoryRoot.appendingPathComponent(path), encoding: .utf8)
            for line in text.split(separator: "\n") {
                let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                english.append(try #require(object["text"] as? String))
            }
        }
        #expect(english.count > 400)
        let misread = english.filter { !TextLanguage.isSupported($0) }
        #expect(misread.isEmpty, "English texts taken for another language: \(misread)")
        let missed = Self.foreign.filter(TextLanguage.isSupported)
        #expect(missed.isEmpty, "texts in other languages taken for English: \(missed)")
    }

    @Test("short texts are given the benefit of the doubt")
    func short() {
        #expect(TextLanguage.isSupported("Danke schön!"))
        #expect(TextLanguage.isSupported("Great talk, published slides."))
    }

    @Test("common words count in capitals and with apostrophes; long and non-ASCII words never do")
    func wordRules() {
        // One common word ("THE") in eight: 12.5 %, English by the rule.
        #expect(TextLanguage.isSupported("THE ZUSAMMENARBEIT WAR GUT, DAS TEAM IST STARK"))
        // "don't" is read as "dont", not a common word: none of these eight is.
        #expect(!TextLanguage.isSupported("Wir haben don't gemacht, danach weitergearbeitet ohne Probleme heute"))
        // "thé" is not "the", and "theeeeeeee" is too long to be any common word.
        #expect(!TextLanguage.isSupported("thé theeeeeeee Kaffee Kuchen Brot Wasser Milch Zucker"))
        #expect(TextLanguage.isSupported("the theeeeeeee Kaffee Kuchen Brot Wasser Milch Zucker"))
    }
}
