#include "anonymize/words.h"

#include <iterator>

namespace pgcrate::anonymize {

const WordList& FirstNames() {
  static constexpr std::string_view kFirst[] = {
      "James",     "Mary",     "John",       "Patricia",  "Robert",    "Jennifer",  "Michael",
      "Linda",     "William",  "Elizabeth",  "David",     "Barbara",   "Richard",   "Susan",
      "Joseph",    "Jessica",  "Thomas",     "Sarah",     "Charles",   "Karen",     "Daniel",
      "Nancy",     "Matthew",  "Lisa",       "Anthony",   "Betty",     "Mark",      "Margaret",
      "Donald",    "Sandra",   "Steven",     "Ashley",    "Paul",      "Kimberly",  "Andrew",
      "Emily",     "Joshua",   "Donna",      "Kenneth",   "Michelle",  "Kevin",     "Carol",
      "Brian",     "Amanda",   "George",     "Melissa",   "Edward",    "Deborah",   "Ronald",
      "Stephanie", "Timothy",  "Rebecca",    "Jason",     "Laura",     "Jeffrey",   "Sharon",
      "Ryan",      "Cynthia",  "Jacob",      "Kathleen",  "Gary",      "Amy",       "Nicholas",
      "Shirley",   "Eric",     "Angela",     "Jonathan",  "Helen",     "Stephen",   "Anna",
      "Larry",     "Brenda",   "Justin",     "Pamela",    "Scott",     "Nicole",    "Brandon",
      "Emma",      "Benjamin", "Samantha",   "Samuel",    "Katherine", "Gregory",   "Christine",
      "Frank",     "Debra",    "Alexander",  "Rachel",    "Raymond",   "Catherine", "Patrick",
      "Carolyn",   "Jack",     "Janet",      "Dennis",    "Ruth",      "Jerry",     "Maria",
      "Tyler",     "Heather",  "Aaron",      "Diane",     "Jose",      "Virginia",  "Adam",
      "Julie",     "Henry",    "Joyce",      "Nathan",    "Victoria",  "Douglas",   "Olivia",
      "Zachary",   "Kelly",    "Peter",      "Christina", "Kyle",      "Lauren",    "Walter",
      "Joan",      "Ethan",    "Evelyn",     "Jeremy",    "Judith",    "Harold",    "Megan",
      "Keith",     "Cheryl",   "Christian",  "Andrea",    "Roger",     "Hannah",    "Noah",
      "Martha",    "Gerald",   "Jacqueline", "Carl",      "Frances",   "Terry",     "Gloria",
      "Sean",      "Ann",      "Austin",     "Teresa",    "Arthur",    "Kathryn",   "Lawrence",
      "Sara",      "Jesse",    "Janice",     "Dylan",     "Jean",      "Bryan",     "Alice",
      "Joe",       "Madison",  "Jordan",     "Doris",     "Billy",     "Abigail",   "Bruce",
      "Julia",     "Albert",   "Judy",       "Willie",    "Grace",     "Gabriel",   "Denise",
      "Logan",     "Amber",    "Alan",       "Marilyn",   "Juan",      "Beverly",   "Wayne",
      "Danielle",  "Roy",      "Theresa",    "Ralph",     "Sophia",    "Randy",     "Marie",
      "Eugene",    "Diana",    "Vincent",    "Brittany",  "Russell",   "Natalie",   "Elijah",
      "Isabella",  "Louis",    "Charlotte",  "Bobby",     "Rose",      "Philip",    "Alexis",
      "Johnny",    "Kayla"};
  static const WordList list{kFirst, std::size(kFirst)};
  return list;
}

const WordList& LastNames() {
  static constexpr std::string_view kLast[] = {
      "Smith",    "Johnson",   "Williams",   "Brown",     "Jones",      "Garcia",    "Miller",
      "Davis",    "Rodriguez", "Martinez",   "Hernandez", "Lopez",      "Gonzalez",  "Wilson",
      "Anderson", "Thomas",    "Taylor",     "Moore",     "Jackson",    "Martin",    "Lee",
      "Perez",    "Thompson",  "White",      "Harris",    "Sanchez",    "Clark",     "Ramirez",
      "Lewis",    "Robinson",  "Walker",     "Young",     "Allen",      "King",      "Wright",
      "Scott",    "Torres",    "Nguyen",     "Hill",      "Flores",     "Green",     "Adams",
      "Nelson",   "Baker",     "Hall",       "Rivera",    "Campbell",   "Mitchell",  "Carter",
      "Roberts",  "Gomez",     "Phillips",   "Evans",     "Turner",     "Diaz",      "Parker",
      "Cruz",     "Edwards",   "Collins",    "Reyes",     "Stewart",    "Morris",    "Morales",
      "Murphy",   "Cook",      "Rogers",     "Gutierrez", "Ortiz",      "Morgan",    "Cooper",
      "Peterson", "Bailey",    "Reed",       "Kelly",     "Howard",     "Ramos",     "Kim",
      "Cox",      "Ward",      "Richardson", "Watson",    "Brooks",     "Chavez",    "Wood",
      "James",    "Bennett",   "Gray",       "Mendoza",   "Ruiz",       "Hughes",    "Price",
      "Alvarez",  "Castillo",  "Sanders",    "Patel",     "Myers",      "Long",      "Ross",
      "Foster",   "Jimenez",   "Powell",     "Jenkins",   "Perry",      "Russell",   "Sullivan",
      "Bell",     "Coleman",   "Butler",     "Henderson", "Barnes",     "Gonzales",  "Fisher",
      "Vasquez",  "Simmons",   "Romero",     "Jordan",    "Patterson",  "Alexander", "Hamilton",
      "Graham",   "Reynolds",  "Griffin",    "Wallace",   "Moreno",     "West",      "Cole",
      "Hayes",    "Bryant",    "Herrera",    "Gibson",    "Ellis",      "Tran",      "Medina",
      "Aguilar",  "Stevens",   "Murray",     "Ford",      "Castro",     "Marshall",  "Owens",
      "Harrison", "Fernandez", "McDonald",   "Woods",     "Washington", "Kennedy",   "Wells",
      "Vargas",   "Henry",     "Chen",       "Freeman",   "Webb",       "Tucker",    "Guzman",
      "Burns",    "Crawford",  "Olson",      "Simpson",   "Porter",     "Hunter",    "Gordon",
      "Mendez",   "Silva",     "Shaw",       "Snyder",    "Mason",      "Dixon",     "Munoz",
      "Hunt",     "Hicks",     "Holmes",     "Palmer",    "Wagner",     "Black",     "Robertson",
      "Boyd",     "Rose",      "Stone",      "Salazar",   "Fox",        "Warren",    "Mills",
      "Meyer",    "Rice",      "Schmidt",    "Garza",     "Daniels",    "Ferguson",  "Nichols",
      "Stephens", "Soto",      "Weaver",     "Ryan",      "Gardner",    "Payne",     "Grant",
      "Dunn"};
  static const WordList list{kLast, std::size(kLast)};
  return list;
}

const WordList& Cities() {
  static constexpr std::string_view kCities[] = {
      "Springfield", "Riverton",     "Fairview",   "Franklin",      "Greenville",  "Bristol",
      "Clinton",     "Georgetown",   "Salem",      "Madison",       "Oakdale",     "Ashland",
      "Milton",      "Newport",      "Dover",      "Hudson",        "Kingston",    "Lakewood",
      "Marion",      "Burlington",   "Clayton",    "Dayton",        "Jackson",     "Lexington",
      "Manchester",  "Oxford",       "Arlington",  "Auburn",        "Centerville", "Chester",
      "Cleveland",   "Columbia",     "Florence",   "Hamilton",      "Harrison",    "Lebanon",
      "Lincoln",     "Mount Vernon", "Oak Grove",  "Pleasant Hill", "Riverside",   "Shelby",
      "Troy",        "Union",        "Washington", "Winchester",    "Brookfield",  "Cedar Falls",
      "Elmwood",     "Glendale",     "Hillcrest",  "Maplewood",     "Northfield",  "Pinecrest",
      "Ridgefield",  "Stonebridge",  "Westfield",  "Willowbrook"};
  static const WordList list{kCities, std::size(kCities)};
  return list;
}

const WordList& Streets() {
  static constexpr std::string_view kStreets[] = {
      "Main",     "Oak",      "Pine",   "Maple",    "Cedar",   "Elm",       "Washington",
      "Lake",     "Hill",     "Walnut", "Park",     "Sunset",  "Spring",    "Ridge",
      "Church",   "Willow",   "Meadow", "River",    "Forest",  "Highland",  "Jackson",
      "Lincoln",  "Franklin", "Adams",  "Chestnut", "Birch",   "Mill",      "Center",
      "Valley",   "Prospect", "Union",  "Cherry",   "Dogwood", "Jefferson", "Madison",
      "Laurel",   "Hickory",  "Spruce", "Poplar",   "Aspen",   "Beech",     "Magnolia",
      "Sycamore", "Orchard",  "Garden", "Harbor",   "Bridge",  "Railroad",  "School"};
  static const WordList list{kStreets, std::size(kStreets)};
  return list;
}

const WordList& StreetSuffixes() {
  static constexpr std::string_view kSuffixes[] = {
      "Street", "Avenue", "Road", "Lane", "Drive", "Court", "Place", "Way", "Boulevard", "Terrace"};
  static const WordList list{kSuffixes, std::size(kSuffixes)};
  return list;
}

const WordList& CompanySuffixes() {
  static constexpr std::string_view kCompanies[] = {
      "Group",     "Labs",   "Partners",  "Holdings",   "Industries",
      "Systems",   "Works",  "Solutions", "Ventures",   "Trading",
      "Logistics", "Studio", "Co",        "Associates", "Collective"};
  static const WordList list{kCompanies, std::size(kCompanies)};
  return list;
}

const WordList& LoremWords() {
  static constexpr std::string_view kLorem[] = {"lorem",      "ipsum",        "dolor",
                                                "sit",        "amet",         "consectetur",
                                                "adipiscing", "elit",         "sed",
                                                "do",         "eiusmod",      "tempor",
                                                "incididunt", "ut",           "labore",
                                                "et",         "dolore",       "magna",
                                                "aliqua",     "enim",         "ad",
                                                "minim",      "veniam",       "quis",
                                                "nostrud",    "exercitation", "ullamco",
                                                "laboris",    "nisi",         "aliquip",
                                                "ex",         "ea",           "commodo",
                                                "consequat",  "duis",         "aute",
                                                "irure",      "in",           "reprehenderit",
                                                "voluptate",  "velit",        "esse",
                                                "cillum",     "fugiat",       "nulla",
                                                "pariatur",   "excepteur",    "sint",
                                                "occaecat",   "cupidatat",    "non",
                                                "proident",   "sunt",         "culpa",
                                                "qui",        "officia",      "deserunt",
                                                "mollit",     "anim",         "id",
                                                "est",        "laborum"};
  static const WordList list{kLorem, std::size(kLorem)};
  return list;
}

const WordList& EmailDomains() {
  static constexpr std::string_view kDomains[] = {"example.com", "example.net", "example.org"};
  static const WordList list{kDomains, std::size(kDomains)};
  return list;
}

}  // namespace pgcrate::anonymize
