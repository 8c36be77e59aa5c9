"""Words that policy speeches use for the same thing, for linking (pure Python).

A later speech rarely repeats the words of the promise it reports on: "salaries" were
promised and "wages" were raised, "lending" was to be regulated and a ban on new
"loans" was introduced, "rural governors" were to be elected and "rural akims" were.
Linking folds each group below into one term before comparing texts, the way a
search engine's synonym filter does.

A group holds words that name the same thing in this domain, including the local
terms of Kazakhstan's public administration (akim, akimat, maslikhat, Majilis). Words
that only look related ("opposition" and "party") or that carry the act of promising
rather than its subject ("create", "establish", "adopt") stay out: folding them would
make unrelated commitments look alike.
"""

from __future__ import annotations

SYNONYM_GROUPS: tuple[str, ...] = (
    # pay and money
    "wage wages salary salaries earnings remuneration",
    "loan loans lending lend lender credit credits",
    "borrower borrowers borrow borrowing debtor debtors",
    "debt debts arrears delinquency",
    "tax taxes taxation levy levies",
    "budget budgets budgetary fiscal",
    "fund funds funding financing finance",
    "pension pensions pensioner pensioners retirement",
    "allowance allowances benefit benefits welfare",
    "scholarship scholarships stipend stipends",
    # the state and its people
    "akim akims governor governors mayor mayors",
    "akimat akimats",
    "parliament parliamentary majilis mazhilis legislature",
    "maslikhat maslikhats",
    "official officials bureaucrat bureaucrats functionary functionaries",
    "law laws legislation legislative statute statutes",
    "decree decrees edict edicts",
    "court courts judiciary judicial judge judges",
    "prosecutor prosecutors prosecution",
    "police policing",
    "army military defence defense",
    "corruption bribery graft",
    "election elections vote votes voting ballot ballots",
    "modernization modernisation reform reforms overhaul transformation",
    # places
    "village villages rural countryside aul auls",
    "town towns city cities urban",
    "region regions regional oblast oblasts province provinces",
    # people served
    "medic medics medical doctor doctors physician physicians",
    "teacher teachers educator educators pedagogue pedagogues",
    "kindergarten kindergartens preschool nursery nurseries",
    "hospital hospitals clinic clinics polyclinic polyclinics outpatient",
    "child children kid kids",
    "youth young",
    "elderly senior seniors",
    "disability disabilities disabled handicapped",
    "vulnerable needy disadvantaged poor poverty",
    "unemployment unemployed jobless",
    "job jobs employment workplace workplaces",
    "migration migrant migrants immigrant immigrants",
    # the economy and infrastructure
    "business businesses entrepreneur entrepreneurs entrepreneurship enterprise "
    "enterprises company companies firm firms",
    "monopoly monopolies monopolization monopolisation demonopolization "
    "demonopolisation monopolizing monopolising",
    "agriculture agricultural agrarian farming farm farms farmer farmers agro",
    "housing home homes dwelling dwellings apartment apartments accommodation",
    "road roads highway highways motorway motorways",
    "railway railways railroad railroads rail",
    "transport transportation logistics",
    "ecology ecological environment environmental",
    "online internet electronic",
    "drug drugs narcotic narcotics",
    "religion religious faith",
    # the direction of a change
    "increase increased increases increasing raise raised raising rise rising "
    "boost hike",
    "reduce reduced reducing reduction cut cuts decrease decreased lower lowering "
    "slash",
    "abolish abolished abolition scrap scrapped eliminate elimination repeal "
    "repealed cancel",
    "build built building construct constructed construction",
)
