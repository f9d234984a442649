// Runs the extractor over the readability test corpus (real pages saved from news sites and
// blogs) when it sits next to the repository, at ../shared/corpus/readability. Checks that no
// page crashes it, that nearly every page gives a headline and a body, that two captures of one
// page in different states give the same text, and golden values (headline, bylines, times,
// first and last paragraph) for a set of news pages. The pages are not part of the
// repository, so the tests are skipped, with a message, without them.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "extract/extract.hpp"

namespace st {
namespace {

namespace fs = std::filesystem;

const fs::path kCorpus =
    fs::path(STORYTRAIL_SOURCE_DIR) / ".." / "shared" / "corpus" / "readability";

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

Result<Article> extract_page(const std::string& name) {
  const std::string bytes = read_file(kCorpus / name / "source.html");
  return extract_article({bytes, "http://fakehost/test/page.html", ""});
}

TEST(ReadabilityCorpus, EveryPageExtractsAndNearlyAllHaveHeadlineAndBody) {
  if (!fs::is_directory(kCorpus)) GTEST_SKIP() << "no corpus at " << kCorpus;
  std::vector<std::string> pages;
  for (const auto& entry : fs::directory_iterator(kCorpus)) {
    if (fs::is_regular_file(entry.path() / "source.html")) {
      pages.push_back(entry.path().filename().string());
    }
  }
  ASSERT_GE(pages.size(), 100u);
  std::size_t with_headline = 0;
  std::size_t with_body = 0;
  for (const std::string& name : pages) {
    const auto result = extract_page(name);
    if (!result.ok()) {
      ADD_FAILURE() << name << ": " << result.error().message;
      continue;
    }
    if (!result->headline.empty()) ++with_headline;
    if (!result->body.empty()) ++with_body;
    EXPECT_EQ(canonical_text(*result).back(), '\n') << name;
  }
  // A handful of the corpus pages are bare test fixtures without any title.
  EXPECT_GE(with_headline * 100, pages.size() * 95) << with_headline << " of " << pages.size();
  EXPECT_GE(with_body * 100, pages.size() * 95) << with_body << " of " << pages.size();
}

TEST(ReadabilityCorpus, CommentsLoadedLaterDoNotChangeTheArticle) {
  if (!fs::is_directory(kCorpus)) GTEST_SKIP() << "no corpus at " << kCorpus;
  const auto before = extract_page("lifehacker-working");
  const auto after = extract_page("lifehacker-post-comment-load");
  ASSERT_TRUE(before.ok() && after.ok());
  EXPECT_EQ(canonical_text(*before), canonical_text(*after));
  EXPECT_EQ(before->headline, "How to Program Your Mind to Stop Buying Crap You Don\u2019t Need");
  EXPECT_GE(before->body.size(), 20u);
}

// What a page must give, each value reviewed by hand against the page (its visible text,
// <meta>, JSON-LD and microdata).
struct Golden {
  std::string page;
  std::string headline;
  std::vector<std::string> bylines;
  std::string published, modified;
  std::string first_paragraph, last_paragraph;  // the first and last body blocks of that kind
};

// clang-format off
const std::vector<Golden> kGolden{
    {"aktualne",
     "West Ham hrozí gigantům, okouzlil i Linekera. Součka je snadné přehlédnout",
     {"Aleš Vávra"},
     "2021-11-01T10:52:50+01:00", "2021-11-01T10:52:50+01:00",
     "Pět vítězných soutěžních duelů v řadě, během nich jediný inkasovaný gól. Čtvrté místo v lize, stejný bodový zisk jako loňský šampion Manchester City a nadšené ohlasy z tábora těch nejrenomovanějších komentátorů ostrovního fotbalu.",
     "\"Jsme na děleném třetím místě. Lidé se před sezonou hodně ptali, zda to můžeme dokázat znovu. Ukázali jsme, že ano. Ale musíme pokračovat. Tohle musí být náš standard. Nesmíme polevit, pokud chceme být velkým týmem,\" zdůrazňuje Rice."},
    {"bbc-1",
     "Obama admits US gun laws are his 'biggest frustration'",
     {},
     "2015-07-24T05:36:09+01:00", "",
     "President Barack Obama has admitted that his failure to pass \"common sense gun safety laws\" in the US is the greatest frustration of his presidency.",
     "Mr Obama will become the first US president to address the African Union when he travels on to Ethiopia on Sunday."},
    {"folha",
     "Tite diz que errou ao levar taça da Libertadores a Lula em 2012",
     {"Bruno (Henrique Zecchin) Rodrigues"},
     "2018-12-21T12:55:00Z", "2018-12-21T12:56:02",
     "Após rechaçar um encontro da seleção brasileira com o presidente eleito Jair Bolsonaro, o técnico Tite declarou que errou ao levar a taça da Copa Libertadores de 2012, conquistada pelo Corinthians, ao ex-presidente Luiz Inácio Lula da Silva.",
     "\"Em 2012 eu fiz e errei. O protocolo e a situação gerada no jogo do Palmeiras são fatos de opinião pessoal. CBF e Palmeiras, enquanto instituições têm a opinião. Errei lá atrás, não faria com o presidente antes da Copa e nem agora porque entendo que misturar esporte e política não é legal. Fiz errado lá atrás? Sim. Faria de novo? Não\", acrescentou o comandante."},
    {"guardian-1",
     "'What is the sea telling us?': Māori tribes fearful over whale strandings",
     {"Eleanor Ainge Roy"},
     "2019-01-03T02:00:02-05:00", "2019-01-16T06:16:23-05:00",
     "Whale whisperer Hori Parata was just seven years old when he attended his first mass stranding, a beaching of porpoises in New Zealand’s Northland, their cries screeching through the air on the deserted stretch of sand.",
     "“It’s very emotional. Our ancestors tell us the strandings are a sign from the sea. So what is the sea telling us? We need to listen.”"},
    {"lemonde-1",
     "Le projet de loi sur le renseignement massivement approuvé à l'Assemblée",
     {"Martin Untersinger (avec Damien Leloup et Morgane Tual)"},
     "2015-05-04T13:36:31+02:00", "2015-05-05T20:13:12+02:00",
     "Les députés ont, sans surprise, adopté à une large majorité (438 contre 86 et 42 abstentions) le projet de loi sur le renseignement défendu par le gouvernement lors d’un vote solennel, mardi 5 mai. Il sera désormais examiné par le Sénat, puis le Conseil constitutionnel, prochainement saisi par 75 députés. Dans un souci d'apaisement, François Hollande avait annoncé par avance qu'il saisirait les Sages.",
     "La loi prévoit également une forme de protection pour les agents qui seraient témoins de surveillance illégale. Ces lanceurs d’alerte pourraient solliciter la CNCTR, voire le premier ministre, et leur fournir toutes les pièces utiles. La CNCTR pourra ensuite aviser le procureur de la République et solliciter la Commission consultative du secret de la défense nationale afin que cette dernière « donne au premier ministre son avis sur la possibilité de déclassifier tout ou partie de ces éléments ». Aucune mesure de rétorsion ne pourra viser l’agent qui aurait dénoncé des actes potentiellement illégaux."},
    {"nytimes-1",
     "United States to Lift Sudan Sanctions",
     {"Jeffrey Gettleman"},
     "2017-01-13T00:00:04-05:00", "2017-01-13T03:38:38-05:00",
     "LONDON — After nearly 20 years of hostile relations, the American government plans to reverse its position on Sudan and lift trade sanctions, Obama administration officials said late Thursday.",
     "Mr. Reeves said he thought that the American government was being manipulated and that the Obama administration had made a “deal with the devil.”"},
    {"yahoo-3",
     "Veteran Wraps Baby in American Flag, Photo Sparks Controversy",
     {"Gillian Mohney"},
     "2015-03-11T19:46:14Z", "",
     "A photographer and Navy veteran is fighting back after a photo she posted to Facebook started an online backlash.",
     "After her story grabbed local headlines, Hicks has been inundated by requests for photos shoots, and she said she plans to give 15 percent of all profits related to these shoots to the USO."},
    {"seattletimes-1",
     "Alaskan halibut, caught by a century-old Seattle boat, provides a glimpse of Amazon’s strategy with Whole Foods",
     {"Benjamin Romano"},
     "2019-04-28T06:01:07", "2019-04-29T15:33:39",
     "From the deck of his 106-year-old halibut schooner, undergoing a seasonal overhaul at Fisherman’s Terminal in Seattle, skipper Wade Bassi has better insight than most into what’s happening at Amazon-owned Whole Foods Market, at least as pertains to the product he knows best.",
     "Alverson summed up the journey from a wooden fishing boat in the Bering Sea to the fish counter of a grocery store owned by a company that has redefined modern buying and selling: “It’s Seattle old school meets Seattle new school with Amazon.”"},
    {"schema-org-context-object",
     "South Korean president’s impeachment fails after ruling party lawmakers walk out",
     {"Stella Kim", "Jennifer Jett"},
     "2024-12-06T22:00:40Z", "2024-12-07T12:43:39Z",
     "SEOUL, South Korea — A plan to impeach South Korean President Yoon Suk Yeol over his short-lived declaration of martial law has failed after members of his governing party left parliament on Saturday ahead of the planned vote.",
     "Stella Kim reported from Seoul, and Jennifer Jett from Hong Kong."},
    {"msn",
     "Nintendo's first iPhone game will launch in December for $10",
     {"Alex Perry"},
     "", "",
     "Thankfully, now we know when you can get it and for how much: \"Super Mario Run\" will launch on iPhone and iPad on December 15, for a flat fee of $9.99. You can play a sample of the game modes for free, but unlike most other mobile games that let you download for free but require money to keep playing, or access parts of the game, you can pay $10 to get everything right away.",
     "To see \"Super Mario Run\" in action, check out the footage below:"},
    {"gmw",
     "宇航员在太空中喝酒会怎么样？后果很严重",
     {"肖春芳"},
     "2017-03-10", "",
     "翱翔于距地球数千公里的太空中，进入广袤漆黑的未知领域，是一项艰苦卓绝的工作。这让人感到巨大压力和极度恐慌。那么，为什么不能让宇航员来一杯“地球末日”鸡尾酒来放松一下？",
     "[责任编辑:肖春芳]"},
    {"youth",
     "海外留学生看两会：出国前后关注点大不同",
     {"青网校园崔宁宁"},
     "2017-03-10", "",
     "图为马素湘在澳大利亚悉尼游玩时的近影。",
     "卢宇还认为两会应该增设学子代表，列席旁听两会，拓展留学生参政议政渠道。“我相信优秀留学生的国际化视野必将为家乡建设带来新的思路，增添新的活力。”卢宇恳切地说。"},
};
// clang-format on

TEST(ReadabilityCorpus, NewsPagesGiveTheirMetadataAndFirstAndLastParagraphs) {
  if (!fs::is_directory(kCorpus)) GTEST_SKIP() << "no corpus at " << kCorpus;
  for (const Golden& golden : kGolden) {
    SCOPED_TRACE(golden.page);
    const auto result = extract_page(golden.page);
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_EQ(result->headline, golden.headline);
    EXPECT_EQ(result->bylines, golden.bylines);
    EXPECT_EQ(result->published, golden.published);
    EXPECT_EQ(result->modified, golden.modified);
    std::vector<std::string> paragraphs;
    for (const Block& block : result->body) {
      if (block.kind == BlockKind::paragraph) paragraphs.push_back(block.text);
    }
    ASSERT_FALSE(paragraphs.empty());
    EXPECT_EQ(paragraphs.front(), golden.first_paragraph);
    EXPECT_EQ(paragraphs.back(), golden.last_paragraph);
  }
}

}  // namespace
}  // namespace st
