"""Detection: one fresh example per cue and per exclusion (none from the seeds)."""

from __future__ import annotations

import pytest

from commitments.extraction.detect import classify


@pytest.mark.parametrize(
    ("sentence", "cue"),
    [
        ("I instruct the Ministry of Health to open 40 rural clinics.", "instruction"),
        ("I have directed the Treasury to cut fees for exporters.", "instruction"),
        ("The Cabinet was instructed to draft a water strategy.", "instruction"),
        ("I call on Parliament to pass the budget bill this spring.", "request"),
        ("I'm calling on Congress to ratify the trade treaty.", "request"),
        ("I have decided to merge the two export agencies.", "decision"),
        ("It has been decided to abolish the vehicle tax.", "decision"),
        ("I propose to hold a referendum on the new constitution.", "proposal"),
        ("It is proposed to cap interest on payday loans.", "proposal"),
        ("I consider it necessary to create a maritime ministry.", "stance"),
        ("I believe it is possible to elect district mayors directly.", "stance"),
        ("I support lower tariffs on imported medicines.", "support"),
        ("We have set the goal of tripling solar capacity by 2030.", "task"),
        ("The task is to connect every school to broadband by 2026.", "task"),
        ("It is planned to allocate 5 billion euros to rail.", "plan"),
        ("Tonight, I am sending Congress a balanced budget.", "announcement"),
        ("My Government will introduce a bill to reform social care.", "future"),
        ("Ten new hospitals will be built in the north.", "future"),
        ("Legislation will be brought forward to protect renters.", "future"),
        ("Child benefit will continue.", "future"),
        ("By 2030, exports will be twice the current level.", "future"),
        ("A national water regulator should be established.", "obligation"),
        ("The penal code needs to be amended to punish stalking.", "obligation"),
        ("Regional airports must be modernised.", "obligation"),
        ("It is necessary to introduce a single tax return.", "necessity"),
        ("There is an urgent need to build flood defences.", "necessity"),
        ("The time has come to privatise the state airline.", "necessity"),
        ("The election law requires revision.", "necessity"),
        ("A new Space Agency is being established.", "ongoing"),
        ("The ministry is drafting a new Forest Code.", "ongoing"),
        ("Let us pass the infrastructure bill.", "let us"),
        # striving verbs between the modal and the policy verb
        ("My Ministers will seek to cut hospital waiting times to 18 weeks.", "future"),
        ("The Government will work to eliminate child poverty by 2030.", "future"),
        ("We must continue to expand rural broadband.", "obligation"),
        # the state with a number, whatever the verb
        ("By 2031, we will desalinate 300 million litres of water a day.", "future"),
        ("We will reforest 40,000 hectares of degraded land.", "future"),
        # scheduled changes of a number
        ("The state pension will rise to £240 a week from April 2027.", "future"),
        ("Fuel duty will fall by 5p a litre from June.", "future"),
        # outcomes to be in place
        ("Free school meals will be available to every pupil by September.", "future"),
        ("The new border system will be fully operational next year.", "future"),
        ("Every village will have access to clean water by 2030.", "future"),
        ("Bus travel will be free for all pensioners from January.", "future"),
        # a body asked to act, a stated commitment
        ("Parliament will be asked to approve a new Charities Act.", "request"),
        ("My Government is committed to halving rough sleeping by 2029.", "plan"),
        ("Ireland is committed to doubling overseas aid by 2030.", "plan"),
        # a dated national target, a share to reach
        ("By 2040, our country will become a net exporter of food.", "target"),
        ("Rail will carry 30 per cent of freight by 2035.", "future"),
        ("Spending on science must be at least 1 per cent of GDP.", "future"),
        # any act done to the subject
        ("Unused railway lines will be reopened.", "future"),
        ("The income gap between regions will be narrowed by half.", "future"),
        # genre formulas
        ("A Bill will be brought forward to reform leasehold.", "future"),
        ("Measures will be brought forward to improve air quality.", "future"),
        ("My Ministers will legislate to protect whistleblowers.", "future"),
        ("That is why the Government will abolish prescription charges.", "future"),
        ("Canada will bid to host the 2034 Commonwealth Games.", "future"),
        ("This Government will end the tax on tips.", "future"),
        (
            "The Government of Chile will match every peso donated to food banks.",
            "future",
        ),
        ("We have set ourselves a target of 9,000 kilometres of cycle lanes.", "task"),
        ("Government intends to privatise the national lottery.", "plan"),
        # provisions for each, dated states, benefits received
        ("Within a year, every prison will have a drug treatment unit.", "future"),
        ("All new buses bought will be electric by 2032.", "future"),
        ("Young farmers will receive a start-up grant.", "future"),
        ("From next month, eye tests will cost nothing.", "future"),
    ],
)
def test_each_cue_proposes_a_commitment(sentence: str, cue: str) -> None:
    detection = classify(sentence)
    assert detection is not None, sentence
    assert cue in detection.cues


@pytest.mark.parametrize(
    "sentence",
    [
        # achievements and past or present-perfect facts
        "Last year we built 300 schools and raised pensions by 8%.",
        "The new customs code has been adopted.",
        "More than two million families received support.",
        # problem descriptions
        "Our roads remain in poor condition and traffic deaths are rising.",
        # hypotheticals
        "If oil prices fall, we will cut spending.",
        "Should the need arise, ministers will consider further steps.",
        # questions
        "Will the Government raise the minimum wage?",
        # exhortations without a checkable object
        "We must be united in these difficult times.",
        "We must never forget the lessons of history.",
        "Every citizen should value honest work.",
        "Our nation must find its place in the new world.",
        "The courts must be independent and fair.",
        "Special attention should be paid to young people.",
        # forecasts by third parties
        "According to IMF forecasts, growth will reach 4% next year.",
        "Experts predict that inflation will fall below 5%.",
        # consequences and evaluations
        "This reform will lead to higher wages.",
        "Digital services will contribute to transparency.",
        # hopes, quotations and embedded clauses
        "I hope that our partners will support the plan.",
        "As the poet wrote, “we must build our own house”.",
        "We need to understand how the new system will work.",
        "The body, which should report to Parliament, was praised.",
        # closing formulas, speech acts and evaluations
        "Further proposals will be laid before you.",
        "I will now turn to the economy.",
        "I will now present the report of the Central Committee.",
        "Our athletes have won before, and they will do so again.",
        "This Parliament will be remembered for its courage.",
        "The coming decade will be devoted to renewal.",
        "It will cost 3 billion euros.",
        "It will take ten years to rebuild the network.",
        "We will need more engineers in the future.",
        # aspirations, rallying calls and values
        "Together we must build a nation where every child can thrive.",
        "Let us build a Scotland that works for everyone.",
        "Let us work together for a better tomorrow.",
        "We must uphold the rule of law at all times.",
        "The Government will always put patients first.",
        "The whole nation must unite behind this mission.",
        "Tonight I want to talk about the work we must do to heal our divisions.",
        # forecasts by others, subjects that are not the state
        "The IMF projects that unemployment will fall to 4 per cent next year.",
        "Forecasts by independent economists suggest the deficit will narrow.",
        "The Reserve Bank expects inflation to return to target by 2026.",
        "According to the Bank of Canada, rates are expected to ease next year.",
        "Hostile forces will try to divide us.",
        "Our adversaries will continue to test our resolve.",
        "Nothing will stop us now.",
        "Sea levels will rise by 30 centimetres by 2060 unless the world acts.",
        "The mandate of the regional councils will end next year.",
        "All this effort will be filled with new meaning in 2030.",
        "Our children should receive the same chances we had.",
        "The rejuvenation of our nation will surely be achieved.",
    ],
)
def test_non_commitments_are_not_proposed(sentence: str) -> None:
    assert classify(sentence) is None, sentence


def test_concreteness_follows_deliverables_and_numbers() -> None:
    concrete = classify("A new Water Code should be developed.")
    vague = classify("Regional cooperation should be strengthened.")
    assert concrete is not None
    assert concrete.is_concrete
    assert vague is not None
    assert not vague.is_concrete


@pytest.mark.parametrize(
    ("sentence", "cue"),
    [
        # decisions taken, with a deliverable or a number
        ("We decided to join the Convention on Cluster Munitions.", "decision"),
        ("We have agreed to raise the defence budget by 2 per cent.", "decision"),
        ("The Cabinet has adopted a decision to build a new port in Tema.", "decision"),
        # declarations
        ("The year 2027 is declared the Year of Clean Water.", "declaration"),
        ("I will declare a one-off energy bonus for every household.", "declaration"),
        ("We are declaring a national emergency on housing.", "declaration"),
        # "is to" arrangements
        ("The Government is to prepare a new Water Code by June.", "is to"),
        ("Two new bridges are to be built across the river.", "is to"),
        # entry into force
        (
            "The new Labour Code will come into force from 1 March 2027.",
            "entry into force",
        ),
        ("The tariff cut will take effect on 1 July.", "entry into force"),
        ("The revised pension rules will apply from January 2028.", "entry into force"),
        # the state at work on a named deliverable
        ("The ministry is finalising a national hydrogen strategy.", "ongoing"),
        ("We are working to establish a sovereign wealth fund.", "ongoing"),
        (
            "We are introducing a digital health records platform for patients.",
            "ongoing",
        ),
        ("Transport Malta is currently constructing a new ferry port.", "ongoing"),
        # requests to the legislature
        (
            "I ask Parliament to pass the Anti-Corruption Bill this session.",
            "request to legislature",
        ),
        ("I urge Congress to enact the water security law.", "request to legislature"),
        (
            "I am appealing to our legislators to adopt the Land Use Act.",
            "request to legislature",
        ),
        (
            "Colleagues, please pass the new Housing Code in the spring.",
            "request to legislature",
        ),
        # earlier promises restated
        ("Last year we said we would build 40 rural clinics.", "restatement"),
        ("As I promised, the Teachers' Fund will double next year.", "restatement"),
        ("I reiterate my proposal to create a regional vaccine centre.", "restatement"),
        # a measure's reach or cost
        ("This will cover 2 million pensioners.", "reach"),
        ("The new grant will benefit about 40,000 families.", "reach"),
        ("We will expand the scheme, benefiting 12,000 households.", "reach"),
        ("The rebate will cost the Government $300 million.", "reach"),
        ("About 500,000 seniors will benefit from the top-up.", "reach"),
        # proposals with a gerund or a noun
        ("I suggest raising the child allowance to 8,000 roubles.", "proposal"),
        ("We propose the establishment of a regional water consortium.", "proposal"),
        # a scheduled absence of change
        ("The fuel levy will remain unchanged for another year.", "no change"),
        ("The rebate will remain at 40% of tax payable.", "no change"),
        # the state's own estimates, payments and rates, money put aside
        ("We expect to pay out $300 million in rebates this year.", "expectation"),
        ("Eligible households will each receive $150 more per year.", "payment"),
        ("Imported spirits will be subject to a duty of 40%.", "payment"),
        ("We have set aside $2 billion for the new Rail Fund.", "allocation"),
        ("The carbon tax will be $10 per tonne from 2027.", "future"),
        # levels to hold or reach, a change measured whatever its subject, a wish
        ("The fertility rate must be 1.8 in 2030.", "target"),
        ("By 2030, every district must have a maternity ward.", "target"),
        (
            "This measure will increase the number of eligible families by 40 percent.",
            "future",
        ),
        (
            "Freight along the corridor will grow fivefold to 50 million tonnes.",
            "future",
        ),
        ("I would like the regional governors to open 20 new clinics.", "request"),
        ("The new ferry will be ready next year, and we will do it.", "future"),
        ("Pensioners will be able to claim the new allowance online.", "future"),
        ("This year we are likely to hold the investment summit in spring.", "plan"),
        # policy verbs of budgets
        ("We will pilot a new apprenticeship scheme in five towns.", "future"),
        ("I will defer the increase in the water levy.", "future"),
        # general forms that replaced phrases of one text
        ("Six new community colleges will open next year.", "future"),
        (
            "A separate budget procedure for the courts should be envisaged.",
            "obligation",
        ),
        ("I would like to ask the Government to draft a new Tax Code.", "request"),
    ],
)
def test_general_constructions_are_named_cues(sentence: str, cue: str) -> None:
    detection = classify(sentence)
    assert detection is not None, sentence
    assert cue in detection.cues


@pytest.mark.parametrize(
    "sentence",
    [
        # headings and slogans
        "Building a Fairer Tax System",
        "JOBS FOR ALL",
        # forecasts the state does not own
        "Growth is expected to reach 3 per cent next year.",
        "Inflation is projected to fall to 4% by 2027.",
        # appeals to other states and to the world
        "We call on all nations to ratify the treaty by 2030.",
        "The international community must establish a fund for refugees.",
        "Member states should adopt a global convention on plastics.",
        # restatements and past decisions without anything to check
        "As I promised, we will talk about it later.",
        "We decided to proceed carefully, step by step.",
        # a declaration that is past, a purpose, a pronoun that borrows its subject
        "The year 2019 has been declared the Year of Theatre.",
        "This is to ensure closer integration of our region.",
        "This will take effect from 1 April.",
        "Please pass the microphone.",
        # a year is not a level; a wish that someone know something is no request
        "The new strategy must be 2030-ready.",
        "I would like you to know that we are grateful.",
        # obligations lifted, regretted, or with nothing to check
        "We do not have to change the electoral law.",
        "A proper register should have been created years ago.",
        "We need to do the same with the regions.",
        "All ministries must keep this in mind.",
        "The question has to do with how the budget is spent.",
        # conditions, speech acts, numbers that change by themselves
        "We will not be able to meet the target unless exports recover.",
        "I will get back to your question in a moment.",
        "Healthcare spending will continue to rise as our population ages.",
        "The cost will likely increase over time.",
        # a purpose described, a likelihood that is not the state's plan
        "These measures are intended to keep the housing market stable.",
        "The share is likely to increase to over 70% by 2030.",
        # conversation and rallying calls with nothing to check
        "I will give you the names tomorrow.",
        "Let us all buy tickets for the final.",
        "Let us begin with the last part of your question.",
        # an expectation of others or of the economy
        "I expect them to play a constructive role in the talks.",
        "We expect growth to slow to 2 per cent next year.",
        # a way or a means defined, a decision not taken
        "A second way to raise productivity is to invest in skills.",
        "Another is to simplify the tax code.",
        "We have not decided on the new tax rate yet.",
        # states of mind, a value put first, attention drawn
        "We must not get distracted by all this noise.",
        "We need to put our shared values at the centre.",
        "These elections will attract the attention of the whole world.",
        "Our institutions should become more open to citizens.",
    ],
)
def test_non_commitment_constructions_are_rejected(sentence: str) -> None:
    assert classify(sentence) is None, sentence


def test_past_decision_is_concrete_only_with_an_object() -> None:
    assert classify("We have agreed to cooperate more closely.") is None
    with_object = classify("We have agreed to open 3 new consulates.")
    assert with_object is not None
    assert with_object.is_concrete
