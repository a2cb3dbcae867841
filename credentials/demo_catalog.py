"""Demo catalog of micro-credentials for K-12 educators.

Plain data only: an issuer, focus areas, micro-credentials (each with its
competency, key method, research base, evidence requirements and rubric) and
stacks that group related micro-credentials. All text is original to the
Open Practice Educator Institute demo content.

Conventions
-----------
* Requirements are organised in three parts: 1 = overview questions about the
  context, 2 = artifacts (evidence), 3 = reflection.
* Artifact ``accepted_types`` are drawn from "video", "audio", "document" and
  "image"; size limits follow the platform defaults (document/image 25 MB,
  audio 500 MB, video 5120 MB).
* Rubric levels are ordered from lowest to highest. A submission passes only
  if every criterion is scored at a level marked ``passing``.
"""

from decimal import Decimal
from typing import Literal, NotRequired, TypedDict

# ---------------------------------------------------------------------------
# Types
# ---------------------------------------------------------------------------

GradeBand = Literal["K-2", "3-5", "6-8", "9-12"]
Subject = Literal[
    "All subjects",
    "English language arts",
    "Mathematics",
    "Science",
    "Social studies",
    "World languages",
    "Arts",
    "Physical education",
    "Special education",
    "English learners",
    "Computer science",
]
ArtifactType = Literal["video", "audio", "document", "image"]
RequirementKind = Literal["text", "artifact"]


class Issuer(TypedDict):
    name: str
    slug: str
    url: str
    email: str
    description: str


class FocusArea(TypedDict):
    slug: str
    name: str
    description: str


class Competency(TypedDict):
    name: str
    statement: str


class Resource(TypedDict):
    title: str
    url: str


class Requirement(TypedDict):
    key: str
    part: Literal[1, 2, 3]
    title: str
    prompt: str
    kind: RequirementKind
    required: bool
    word_limit: NotRequired[int]
    accepted_types: NotRequired[list[ArtifactType]]
    max_size_mb: NotRequired[int]


class RubricLevel(TypedDict):
    name: str
    description: str
    passing: bool


class RubricCriterion(TypedDict):
    title: str
    description: str
    requirements: list[str]
    levels: list[RubricLevel]


class MicroCredential(TypedDict):
    slug: str
    title: str
    focus_area: str
    competency: Competency
    key_method: str
    method_components: list[str]
    research: str
    resources: list[Resource]
    grade_bands: list[GradeBand]
    subjects: list[Subject]
    pd_hours: int
    ceus: Decimal | None
    validity_years: int | None
    requirements: list[Requirement]
    rubric: list[RubricCriterion]


class Stack(TypedDict):
    slug: str
    title: str
    description: str
    micro_credentials: list[str]


# ---------------------------------------------------------------------------
# Issuer
# ---------------------------------------------------------------------------

ISSUER: Issuer = {
    "name": "Open Practice Educator Institute",
    "slug": "open-practice",
    "url": "https://credentials.example.org",
    "email": "badges@credentials.example.org",
    "description": (
        "The Open Practice Educator Institute issues competency-based micro-credentials "
        "to K-12 teachers, coaches and school leaders. Each credential asks educators to "
        "show a research-based practice in their own setting, through lesson plans, "
        "student work, classroom recordings and reflection, and every submission is "
        "scored against a published rubric by a trained educator reviewer."
    ),
}

# ---------------------------------------------------------------------------
# Focus areas
# ---------------------------------------------------------------------------

FOCUS_AREAS: list[FocusArea] = [
    {
        "slug": "checking-for-understanding",
        "name": "Checking for Understanding",
        "description": (
            "Gathering evidence of what every student understands during a lesson, "
            "interpreting it quickly, and adjusting teaching in the moment or the next day."
        ),
    },
    {
        "slug": "data-literacy",
        "name": "Data Literacy",
        "description": (
            "Turning assessment results and other student data into sound instructional "
            "decisions, on one's own, with colleagues, and together with students."
        ),
    },
    {
        "slug": "executive-functioning",
        "name": "Executive Functioning",
        "description": (
            "Teaching and scaffolding the planning, working-memory, attention and "
            "self-monitoring skills students need to manage their own learning."
        ),
    },
    {
        "slug": "deeper-learning",
        "name": "Deeper Learning",
        "description": (
            "Engaging students in complex thinking, academic discussion and authentic, "
            "sustained work that transfers beyond a single lesson or classroom."
        ),
    },
    {
        "slug": "learner-motivation",
        "name": "Learner Motivation",
        "description": (
            "Building the autonomy, relevance, trust and sense of competence that lead "
            "students to invest effort in challenging learning."
        ),
    },
    {
        "slug": "stem-teaching",
        "name": "STEM Teaching",
        "description": (
            "Discipline-specific practices for mathematics, science, engineering and "
            "computer science classrooms, centred on students' reasoning."
        ),
    },
    {
        "slug": "assessment-design",
        "name": "Assessment Design",
        "description": (
            "Designing valid, fair and useful assessments, from single items and success "
            "criteria to unit-level blueprints and performance tasks."
        ),
    },
    {
        "slug": "family-engagement",
        "name": "Family Engagement",
        "description": (
            "Building two-way, culturally responsive partnerships with families that are "
            "explicitly linked to students' learning."
        ),
    },
    {
        "slug": "virtual-community-leadership",
        "name": "Virtual Community Leadership",
        "description": (
            "Designing, facilitating and sustaining online professional learning and "
            "communities of practice for educators."
        ),
    },
]

# ---------------------------------------------------------------------------
# Micro-credentials
# ---------------------------------------------------------------------------

MICRO_CREDENTIALS: list[MicroCredential] = [
    # =======================================================================
    # Checking for understanding
    # =======================================================================
    {
        "slug": "exit-tickets-that-drive-instruction",
        "title": "Exit Tickets That Drive Instruction",
        "focus_area": "checking-for-understanding",
        "competency": {
            "name": "Exit tickets for instructional decisions",
            "statement": (
                "The educator designs brief end-of-lesson checks tightly aligned to one "
                "learning goal, sorts the responses by the understanding they show, and uses "
                "the results to change what happens in the next lesson."
            ),
        },
        "key_method": (
            "An exit ticket is only useful if it is short, aimed squarely at the day's learning "
            "goal, and read before the next lesson is taught. The educator writes one to three "
            "prompts that would separate students who have met the goal from those who have not, "
            "including at least one prompt built to surface a predictable misconception. Every "
            "student responds in the last few minutes of the lesson. The educator then sorts the "
            "responses into a small number of groups by the kind of thinking they show (for "
            "example secure, partial, and misconception) rather than by score, and plans a "
            "distinct next-day move for each group, such as re-teaching with a new representation, "
            "a guided small group, or an extension task. A quick follow-up check tells the "
            "educator whether the adjustment worked."
        ),
        "method_components": [
            "State the lesson's learning goal in student-friendly language before writing the prompts.",
            "Write one to three prompts that students can answer in about five minutes and that would distinguish secure from partial understanding.",
            "Build at least one prompt around a known misconception or error pattern, and describe in an answer key what that error would look like.",
            "Sort every response into three or four groups by the understanding shown, not by points earned.",
            "Plan and teach a specific next-lesson move for each group instead of moving on as originally planned.",
            "Use a short follow-up check to find out whether the adjustment changed student understanding.",
        ],
        "research": (
            "Black and Wiliam's 1998 review of classroom assessment, summarised for teachers in "
            "'Inside the Black Box', concluded that strengthening everyday formative assessment "
            "produces substantial learning gains, but only when teachers use the evidence to "
            "adapt their teaching. Wiliam's 'Embedded Formative Assessment' (2011) describes "
            "exit tickets as one practical way to collect evidence from every student at exactly "
            "the point where planning decisions for the next lesson are made.\n\n"
            "Hattie and Timperley's 2007 review 'The Power of Feedback' adds that evidence is "
            "most useful when it answers the question 'where to next?' for both teacher and "
            "learner. An exit ticket that is scored and filed does little; one that is sorted by "
            "the thinking it reveals and changes the following lesson is the mechanism this body "
            "of research supports."
        ),
        "resources": [
            {
                "title": "What Works Clearinghouse (Institute of Education Sciences)",
                "url": "https://ies.ed.gov/ncee/wwc/",
            },
        ],
        "grade_bands": ["K-2", "3-5", "6-8", "9-12"],
        "subjects": ["All subjects"],
        "pd_hours": 10,
        "ceus": Decimal("1.0"),
        "validity_years": None,
        "requirements": [
            {
                "key": "context",
                "part": 1,
                "title": "Classroom context and learning goal",
                "prompt": (
                    "Describe the class: grade level, subject, number of students, and where this "
                    "lesson falls in the unit. State the lesson's learning goal exactly as you "
                    "shared it with students. Note any students whose needs shaped the design of "
                    "the exit ticket (for example English learners or students with IEPs or 504 "
                    "plans) and what you did about it."
                ),
                "kind": "text",
                "word_limit": 300,
                "required": True,
            },
            {
                "key": "exit-ticket",
                "part": 2,
                "title": "Exit ticket and answer key",
                "prompt": (
                    "Upload the exit ticket exactly as students saw it, followed by an answer key. "
                    "For each prompt, describe what a secure response, a partial response and a "
                    "misconception-driven response would look like, and name the misconception "
                    "you designed the prompt to reveal."
                ),
                "kind": "artifact",
                "accepted_types": ["document"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "sorted-responses",
                "part": 2,
                "title": "Sorted student responses",
                "prompt": (
                    "Upload six student responses, two from each group you sorted into, with all "
                    "student names and identifying details removed. Label each response with its "
                    "group and add one or two sentences explaining what it shows about the "
                    "student's thinking. Include a tally showing how many students in the class "
                    "fell into each group."
                ),
                "kind": "artifact",
                "accepted_types": ["document", "image"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "next-lesson-plan",
                "part": 2,
                "title": "Adjusted next-lesson plan and follow-up check",
                "prompt": (
                    "Upload the plan for the lesson that followed, highlighting what you changed "
                    "because of the exit ticket. Show the specific move you made for each group "
                    "and include the follow-up check you used, with a tally of the results."
                ),
                "kind": "artifact",
                "accepted_types": ["document"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "reflection",
                "part": 3,
                "title": "Reflection",
                "prompt": (
                    "What did the responses tell you that you did not expect? Using the follow-up "
                    "check, explain how your adjustment affected student understanding and which "
                    "students still need support. What will you change about the next exit ticket "
                    "you design, and why?"
                ),
                "kind": "text",
                "word_limit": 500,
                "required": True,
            },
        ],
        "rubric": [
            {
                "title": "Alignment and diagnostic design",
                "description": "The exit ticket measures the stated learning goal and is built to reveal misconceptions.",
                "requirements": ["context", "exit-ticket"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "Prompts are not clearly connected to the stated goal, or could be answered correctly without the target understanding (for example, recalling a definition when the goal is to apply it).",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "Prompts match the goal but only distinguish right from wrong; neither the prompts nor the answer key would show why a student is struggling.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "Prompts match the goal, take about five minutes, and at least one targets a named misconception; the answer key describes secure, partial and misconception responses.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and the design also accounts for the learners described in Part 1 (for example a language support or alternative response mode) without lowering the thinking the prompt requires.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Sorting responses by understanding",
                "description": "Responses are grouped by the thinking they show, with defensible explanations.",
                "requirements": ["sorted-responses"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "Samples are missing or unlabelled, or are grouped only by score with no account of what each group understands.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "Samples are grouped, but explanations are generic ('got it', 'needs help') and do not name the specific understanding or error in each response.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "Each sample sits in a defensible group, each explanation names the specific understanding or error shown, and the tally accounts for the whole class.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and the educator also identifies a pattern across the class (such as a shared error traced to one step or representation) that directly shapes the next lesson.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Instructional response",
                "description": "The next lesson changes in specific ways for the groups identified.",
                "requirements": ["next-lesson-plan"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "The next lesson proceeds as originally planned, or the plan says 'reteach' without saying what, to whom or how.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "The plan adjusts instruction for the whole class only, or repeats the original explanation unchanged; no follow-up check is shown.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "The plan shows a distinct move for each group (such as re-teaching with a new representation, guided practice or extension) and reports results of a follow-up check.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient; moves are tightly matched to the diagnosed errors, and the follow-up tally shows a clear shift in the number of students at the secure level.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Reflection on impact",
                "description": "The educator uses student evidence to judge the effect of the adjustment and plan next steps.",
                "requirements": ["reflection"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "The reflection restates what was done and does not use follow-up evidence to judge whether the adjustment helped.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "The reflection cites specific follow-up results, names students who still need support, and states one concrete change to future exit ticket design.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and also explains why particular students did or did not move and how the educator will build the routine into regular planning.",
                        "passing": True,
                    },
                ],
            },
        ],
    },
    {
        "slug": "questioning-and-wait-time",
        "title": "Questioning and Wait Time for Every Student",
        "focus_area": "checking-for-understanding",
        "competency": {
            "name": "Equitable questioning",
            "statement": (
                "The educator plans a sequence of questions that moves students toward reasoning, "
                "uses wait time and non-volunteer participation structures so that every student is "
                "expected to think, and probes answers to uncover how students are reasoning."
            ),
        },
        "key_method": (
            "Questioning becomes a check for understanding only when it reaches beyond the few "
            "students who volunteer. The educator plans key questions in advance, moving from "
            "recall toward explanation and justification. After posing a question, the educator "
            "pauses for at least three seconds before anyone answers, and pauses again after a "
            "student responds. Respondents are chosen through a structure that expects everyone "
            "to be ready, such as think-pair-share followed by random selection, or warm cold "
            "calling, rather than hands up. Instead of immediately judging an answer as right or "
            "wrong, the educator probes ('How do you know?', 'Can you say more?') and invites other "
            "students to add to, revise or challenge it, so that students' reasoning becomes "
            "visible and usable."
        ),
        "method_components": [
            "Plan at least six key questions for the lesson, including several that require explanation or justification rather than recall.",
            "After asking a question, pause at least three seconds before taking a response, and pause again after the response.",
            "Use a participation structure in which every student is expected to prepare an answer, such as think-pair-share or random selection.",
            "Respond to answers with probes that ask for reasoning or evidence before confirming or correcting.",
            "Invite students to build on, revise or challenge one another's answers.",
            "Track which students contribute so that participation patterns can be examined and changed.",
        ],
        "research": (
            "Mary Budd Rowe's classroom studies in the 1970s found that teachers typically waited "
            "around one second before calling on a student or answering their own question. When "
            "teachers extended that pause to three seconds or more, students gave longer and more "
            "reasoned answers, more students responded, and fewer said 'I don't know'. Later "
            "researchers have repeatedly confirmed the value of building thinking time into "
            "questioning.\n\n"
            "Rosenshine's 'Principles of Instruction' (2012) lists asking many questions and "
            "checking the responses of all students among the habits of effective teachers. "
            "Wiliam's 'Embedded Formative Assessment' (2011) argues that hands-up questioning lets "
            "a confident minority do the thinking for the class, and recommends no-hands-up "
            "techniques combined with thinking time so that the teacher gathers evidence from a "
            "representative sample of students."
        ),
        "resources": [
            {"title": "Edutopia", "url": "https://www.edutopia.org/"},
        ],
        "grade_bands": ["K-2", "3-5", "6-8", "9-12"],
        "subjects": ["All subjects"],
        "pd_hours": 12,
        "ceus": Decimal("1.2"),
        "validity_years": None,
        "requirements": [
            {
                "key": "context",
                "part": 1,
                "title": "Class and participation patterns",
                "prompt": (
                    "Describe the class (grade, subject, number of students) and the lesson's "
                    "learning goal. Before this lesson, who usually answered questions in this "
                    "class and who rarely did? How did you find out (for example a seating-chart "
                    "tally or a colleague's observation)?"
                ),
                "kind": "text",
                "word_limit": 300,
                "required": True,
            },
            {
                "key": "question-plan",
                "part": 2,
                "title": "Planned question sequence",
                "prompt": (
                    "Upload your question plan for the lesson. Include at least six key questions, "
                    "label each as recall, explanation or justification, note the participation "
                    "structure you intend to use for each, and list two or three probes you expect "
                    "to use as follow-ups."
                ),
                "kind": "artifact",
                "accepted_types": ["document"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "classroom-video",
                "part": 2,
                "title": "Classroom video",
                "prompt": (
                    "Upload a 10 to 20 minute unedited video of whole-class or small-group "
                    "instruction in which you pose at least four of your planned questions. "
                    "Position the camera so that your voice and as many student responses as "
                    "possible can be heard. Follow your school or district's consent policy for "
                    "recording students; students without permission must be kept out of frame, "
                    "and no student surnames should be visible or spoken."
                ),
                "kind": "artifact",
                "accepted_types": ["video"],
                "max_size_mb": 5120,
                "required": True,
            },
            {
                "key": "video-log",
                "part": 2,
                "title": "Timestamped question log",
                "prompt": (
                    "For four questions in the video, give the timestamp, the question as asked, "
                    "the approximate wait time before the first response, how the respondent was "
                    "chosen, and the probe or follow-up you used."
                ),
                "kind": "text",
                "word_limit": 400,
                "required": True,
            },
            {
                "key": "reflection",
                "part": 3,
                "title": "Reflection",
                "prompt": (
                    "Compare whose voices were heard in this lesson with the pattern you described "
                    "in Part 1. What happened to the length and quality of answers when you "
                    "extended wait time or probed? Which question produced the most revealing "
                    "evidence of student thinking, and what did you do with it? What one change "
                    "will you make to your questioning next?"
                ),
                "kind": "text",
                "word_limit": 500,
                "required": True,
            },
        ],
        "rubric": [
            {
                "title": "Question planning",
                "description": "Planned questions move students from recall toward reasoning and match the learning goal.",
                "requirements": ["context", "question-plan"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "Fewer than six questions are planned, or nearly all ask for recall of facts or single-word answers.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "Six or more questions are planned and some ask for explanation, but the sequence does not build toward the learning goal and no probes are planned.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "The sequence builds toward the goal, at least half the questions ask for explanation or justification, and each has a planned participation structure and probes.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and the plan anticipates likely wrong or partial answers to key questions with a specific probe for each.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Wait time and participation structures",
                "description": "Thinking time and non-volunteer structures give every student a reason to think.",
                "requirements": ["classroom-video", "video-log"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "In the video, questions are answered by volunteers or by the educator within a second or two; most students are not expected to respond.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "Wait time of three seconds or more or a non-volunteer structure appears for some questions, but the same few students still supply most answers.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "For at least four logged questions, the educator waits three seconds or more and uses a structure (pairs, random selection, cold call) that draws answers from a range of students.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and students visibly use the thinking time (talking with partners, writing, gesturing) and respond to one another without being prompted.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Probing and building on responses",
                "description": "Follow-up moves surface students' reasoning rather than simply evaluating answers.",
                "requirements": ["classroom-video"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "Answers are met with immediate evaluation ('Good', 'No, anyone else?') and the educator moves on.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "The educator sometimes asks 'Why?' but accepts the first reply, or probes only correct answers.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "The educator probes both correct and incorrect answers for reasoning and, at least twice, invites another student to add to, revise or challenge an answer.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and the educator uses what probing reveals to adjust the lesson on the spot, for example posing a new question aimed at a misconception that surfaced.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Reflection on participation and evidence",
                "description": "The educator analyses participation and the evidence gained, and plans a change.",
                "requirements": ["reflection"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "The reflection describes the lesson in general terms without comparing participation to the Part 1 baseline or citing moments from the video.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "The reflection compares participation with the baseline, cites specific moments as evidence, and names one concrete change to questioning practice.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and also identifies which students remain unheard and a specific plan for bringing their thinking into the room.",
                        "passing": True,
                    },
                ],
            },
        ],
    },
    {
        "slug": "hinge-questions-and-all-student-response",
        "title": "Hinge Questions and All-Student Response",
        "focus_area": "checking-for-understanding",
        "competency": {
            "name": "Hinge-point checks",
            "statement": (
                "The educator asks a diagnostic question at a pivotal point in a lesson, collects "
                "an answer from every student at the same moment, and decides within a minute "
                "whether to move on, re-teach or regroup."
            ),
        },
        "key_method": (
            "A hinge question sits at the point in a lesson where the next step depends on whether "
            "students have grasped a key idea. It is usually a multiple-choice or very short "
            "question in which each wrong answer corresponds to a specific, known misconception, "
            "so the pattern of answers tells the educator not just how many students are "
            "struggling but why. Every student answers simultaneously using mini whiteboards, "
            "letter cards, fingers or a quick digital poll, so that no one can wait to see what "
            "others say. The educator scans the responses in under a minute and applies a decision "
            "rule set in advance (for example, continue if roughly four in five students are "
            "correct; otherwise address the most common misconception with a different "
            "explanation or pull a small group)."
        ),
        "method_components": [
            "Identify the hinge point in the lesson: the idea students must grasp before the lesson can move on.",
            "Write a question that can be answered in under two minutes, in which each incorrect option reflects a specific misconception.",
            "Collect answers from every student at the same moment using a simultaneous response system.",
            "Scan and interpret the responses in under a minute.",
            "Apply a decision rule set in advance to choose between moving on, re-teaching or regrouping.",
            "Carry out the chosen move immediately and check again if needed.",
        ],
        "research": (
            "Leahy, Lyon, Thompson and Wiliam described the hinge question in 'Classroom "
            "Assessment: Minute by Minute, Day by Day' (Educational Leadership, 2005), and Wiliam "
            "elaborates the idea in 'Embedded Formative Assessment' (2011): a carefully designed "
            "question whose wrong answers are diagnostic allows a teacher to gather evidence from "
            "every student in seconds and make a decision while it still matters.\n\n"
            "Ruiz-Primo and Furtak's 2007 study of informal formative assessment in middle-school "
            "science found that the teachers whose students learned most were those who completed "
            "the whole cycle of eliciting student ideas, recognising what they meant, and using "
            "them to shape instruction. Simultaneous response plus a planned decision rule is a "
            "practical way to complete that cycle within a single lesson."
        ),
        "resources": [
            {"title": "Edutopia", "url": "https://www.edutopia.org/"},
        ],
        "grade_bands": ["3-5", "6-8", "9-12"],
        "subjects": ["All subjects"],
        "pd_hours": 12,
        "ceus": Decimal("1.2"),
        "validity_years": None,
        "requirements": [
            {
                "key": "context",
                "part": 1,
                "title": "Lesson context and hinge point",
                "prompt": (
                    "Describe the class and the lesson's learning goal. What is the hinge point in "
                    "this lesson, and why does the rest of the lesson depend on it? Which response "
                    "system did you choose (whiteboards, cards, digital poll, etc.) and why does it "
                    "suit these students?"
                ),
                "kind": "text",
                "word_limit": 250,
                "required": True,
            },
            {
                "key": "hinge-question",
                "part": 2,
                "title": "Hinge question and decision rule",
                "prompt": (
                    "Upload the hinge question as students saw it. For each answer option, state "
                    "the thinking that would lead a student to choose it. State your decision rule "
                    "in advance: what proportion of correct answers would lead you to move on, and "
                    "what you planned to do for each likely misconception."
                ),
                "kind": "artifact",
                "accepted_types": ["document"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "classroom-video",
                "part": 2,
                "title": "Video of the hinge point",
                "prompt": (
                    "Upload a 5 to 12 minute unedited video that shows you posing the hinge "
                    "question, students responding at the same time, you scanning the responses, "
                    "and the move you made next. Narrate or state aloud what you see as you scan. "
                    "Record only students whose families have given permission under your school's "
                    "policy; angle the camera to avoid identifying other students."
                ),
                "kind": "artifact",
                "accepted_types": ["video"],
                "max_size_mb": 5120,
                "required": True,
            },
            {
                "key": "response-record",
                "part": 2,
                "title": "Record of student responses",
                "prompt": (
                    "Upload a photo or screenshot of the class's responses (for example whiteboards "
                    "held up with faces out of frame, or anonymised poll results) and a tally of how "
                    "many students chose each option."
                ),
                "kind": "artifact",
                "accepted_types": ["image", "document"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "reflection",
                "part": 3,
                "title": "Reflection",
                "prompt": (
                    "Did the distribution of answers match your predictions? Explain your decision "
                    "using the tally and your decision rule. How did the move you made affect "
                    "students who had chosen each wrong option, and how do you know? How would you "
                    "revise the question or your decision rule next time?"
                ),
                "kind": "text",
                "word_limit": 450,
                "required": True,
            },
        ],
        "rubric": [
            {
                "title": "Diagnostic quality of the hinge question",
                "description": "Each option is diagnostic and the question targets the hinge point.",
                "requirements": ["context", "hinge-question"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "The question is not at a genuine hinge point, or wrong options are random or implausible, so responses reveal nothing about student thinking.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "The question targets the hinge point, but only some wrong options are linked to a named misconception, or students could guess the answer from wording cues.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "Every wrong option is tied to a named misconception, the question can be answered in under two minutes, and a decision rule was set in advance.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and the question also distinguishes students who hold the correct idea from those who could reach the right answer by a flawed method.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Simultaneous response and rapid interpretation",
                "description": "Every student answers at once and the educator reads the room quickly and accurately.",
                "requirements": ["classroom-video", "response-record"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "Students answer one at a time or by volunteering, or responses are collected but not examined during the lesson.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "Most students respond at once, but some copy or wait, or the educator's interpretation overlooks a sizeable group choosing a wrong option.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "All students respond at the same moment, the educator scans within about a minute, and the stated interpretation matches the tally.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and the educator also notes which individual students chose which misconception and uses that to form groups or target follow-up.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "In-the-moment decision",
                "description": "The evidence leads to an immediate, appropriate instructional move.",
                "requirements": ["classroom-video", "hinge-question"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "The lesson continues as planned regardless of responses, or the move contradicts the decision rule without explanation.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "The educator responds, but by repeating the original explanation or simply giving the correct answer.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "The move follows the decision rule and addresses the most common misconception with a new explanation, representation or targeted group.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and a quick re-check in the video shows whether students who held the misconception have shifted.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Reflection on the decision",
                "description": "The educator evaluates the question and the decision against the evidence.",
                "requirements": ["reflection"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "The reflection does not refer to the tally or the decision rule, or does not consider students who chose wrong options.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "The reflection compares predicted and actual responses, justifies the decision with the tally, and proposes a specific revision to the question or rule.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and draws a broader lesson about where hinge points fall in the educator's upcoming lessons.",
                        "passing": True,
                    },
                ],
            },
        ],
    },
    # =======================================================================
    # Data literacy
    # =======================================================================
    {
        "slug": "item-level-error-analysis",
        "title": "Item-Level Error Analysis",
        "focus_area": "data-literacy",
        "competency": {
            "name": "Diagnosing errors from assessment data",
            "statement": (
                "The educator analyses item-level results and student work from an assessment to "
                "identify patterns of error, infers their likely causes, and plans and evaluates "
                "targeted re-teaching."
            ),
        },
        "key_method": (
            "Overall scores say how many students struggled but not why. In item-level error "
            "analysis the educator moves from the summary score to the items, and from the items "
            "to the actual work students produced. The educator identifies the items with the "
            "lowest success rates or surprising results, looks at which wrong answers were chosen "
            "and what students wrote, and classifies the likely cause of each error pattern: a "
            "conceptual misconception, a procedural gap, a language or reading demand, a careless "
            "slip, or a flaw in the item itself. Re-teaching then targets the root cause for the "
            "students who share it, and a short re-assessment shows whether it worked."
        ),
        "method_components": [
            "Organise item-level results in a de-identified table that shows the percentage correct and the frequency of each response for every item.",
            "Select the three items that most need attention and justify the choice.",
            "Examine student work for those items and describe the specific error patterns observed.",
            "Classify each pattern by likely cause (misconception, procedural gap, language demand, slip, or item flaw), citing evidence.",
            "Plan re-teaching that addresses the root cause for the students affected.",
            "Re-assess the same understanding with a new item and compare results.",
        ],
        "research": (
            "Boudett, City and Murnane's 'Data Wise' (2005, revised 2013) describes an inquiry "
            "cycle in which teachers move from a broad overview of results to a close look at "
            "student work in order to name a specific learner-centred problem before deciding on "
            "action. The Institute of Education Sciences practice guide 'Using Student Achievement "
            "Data to Support Instructional Decision Making' (Hamilton and colleagues, 2009) "
            "likewise recommends making data use part of a continuous cycle of hypothesising "
            "causes, adjusting instruction and checking the result.\n\n"
            "Mandinach and Gummer ('Data Literacy for Educators', 2016) argue that data literacy "
            "for teaching is not a statistical skill in isolation: it depends on combining data "
            "with content knowledge and knowledge of how students learn. Error analysis is where "
            "that combination happens, because interpreting a wrong answer requires knowing the "
            "misconceptions common in the subject."
        ),
        "resources": [
            {
                "title": "What Works Clearinghouse practice guides",
                "url": "https://ies.ed.gov/ncee/wwc/PracticeGuides",
            },
            {"title": "Data Quality Campaign", "url": "https://www.dataqualitycampaign.org/"},
        ],
        "grade_bands": ["3-5", "6-8", "9-12"],
        "subjects": ["All subjects"],
        "pd_hours": 15,
        "ceus": Decimal("1.5"),
        "validity_years": None,
        "requirements": [
            {
                "key": "context",
                "part": 1,
                "title": "Assessment context",
                "prompt": (
                    "Describe the assessment you analysed: its purpose, the standards or learning "
                    "goals it measured, when it was given, and how many students took it. Was it a "
                    "common assessment shared with colleagues or your own? What did you expect the "
                    "results to show before you looked?"
                ),
                "kind": "text",
                "word_limit": 300,
                "required": True,
            },
            {
                "key": "item-analysis",
                "part": 2,
                "title": "Item-level results table",
                "prompt": (
                    "Upload a table or spreadsheet of item-level results with all student names "
                    "replaced by codes. Show the percentage correct for each item and, for "
                    "multiple-choice items, how many students chose each option. Highlight the "
                    "three items you selected for close analysis."
                ),
                "kind": "artifact",
                "accepted_types": ["document"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "student-work",
                "part": 2,
                "title": "Student work samples",
                "prompt": (
                    "Upload four to six de-identified samples of student work on the selected "
                    "items that illustrate the error patterns you found. Annotate each sample to "
                    "point out the error."
                ),
                "kind": "artifact",
                "accepted_types": ["document", "image"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "error-analysis",
                "part": 2,
                "title": "Error pattern analysis",
                "prompt": (
                    "For each of the three selected items, describe the error pattern, how many "
                    "students showed it, your hypothesis about its cause (misconception, "
                    "procedural gap, language demand, slip, or item flaw) and the evidence in the "
                    "work that supports your hypothesis. Note any alternative explanation you ruled "
                    "out."
                ),
                "kind": "text",
                "word_limit": 700,
                "required": True,
            },
            {
                "key": "reteach-plan",
                "part": 2,
                "title": "Re-teaching plan and re-assessment",
                "prompt": (
                    "Upload your re-teaching plan showing which students received which support, "
                    "the new item(s) you used to re-assess the same understanding, and a "
                    "before-and-after summary of results for the students involved."
                ),
                "kind": "artifact",
                "accepted_types": ["document"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "reflection",
                "part": 3,
                "title": "Reflection",
                "prompt": (
                    "Which finding changed your thinking about how students learn this content? "
                    "Was your hypothesis about the cause of the main error confirmed by the "
                    "re-assessment? What will you change in your initial teaching of this content, "
                    "and what will you do differently the next time you analyse assessment data?"
                ),
                "kind": "text",
                "word_limit": 500,
                "required": True,
            },
        ],
        "rubric": [
            {
                "title": "Organising and selecting the data",
                "description": "Item-level data are clearly organised, de-identified and used to choose priorities.",
                "requirements": ["context", "item-analysis"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "Only total or percentage scores are shown, student names are visible, or no items are singled out for analysis.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "Item-level results are shown, but response frequencies are missing or the choice of items is not explained.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "The de-identified table shows percent correct and option frequencies for every item, and the three selected items are justified by the data and the goals they measure.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and the educator also compares results across student groups or classes to check whether the pattern is widespread or concentrated.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Diagnosing causes of error",
                "description": "Hypotheses about error causes are specific and grounded in student work.",
                "requirements": ["student-work", "error-analysis"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "Errors are described only as 'students got it wrong' or attributed to effort or attention without reference to the work.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "Error patterns are described, but causes are asserted without evidence from the samples, or all errors are given the same cause.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "Each selected item has a described error pattern, a classified cause and specific evidence from the annotated samples supporting that cause.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and the educator weighs alternative explanations (including a flawed item) and explains why they were ruled out.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Targeted re-teaching and re-assessment",
                "description": "Re-teaching addresses root causes and its effect is measured.",
                "requirements": ["reteach-plan"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "No re-teaching is shown, or the whole class repeats the original lesson or the same items.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "Re-teaching is planned but is not clearly linked to the diagnosed cause, or the re-assessment reuses the original item.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "Re-teaching targets the diagnosed cause for the students who showed it, and a new item measuring the same understanding is used to compare before and after.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and results are reported for each error group, showing which approaches worked for whom.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Reflection and future practice",
                "description": "The educator draws lessons for initial instruction and for future data use.",
                "requirements": ["reflection"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "The reflection summarises the process without evaluating the hypothesis or naming a change in practice.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "The reflection evaluates the hypothesis against re-assessment results and names a specific change to initial teaching of this content.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and also proposes a change to how the assessment or its items will be designed or analysed in future.",
                        "passing": True,
                    },
                ],
            },
        ],
    },
    {
        "slug": "collaborative-data-inquiry",
        "title": "Leading a Collaborative Data Inquiry",
        "focus_area": "data-literacy",
        "competency": {
            "name": "Facilitating team data inquiry",
            "statement": (
                "The educator guides a team of colleagues through a structured protocol to examine "
                "student data, agree on a learner-centred problem, and commit to a shared "
                "instructional change with a way to measure its effect."
            ),
        },
        "key_method": (
            "Team data meetings often slide into blaming circumstances or jumping straight to "
            "solutions. The educator prevents this by preparing a focused, de-identified data set "
            "and leading the team through a protocol that separates stages: predictions, "
            "observations stated without interpretation, possible explanations, and only then "
            "action. The team narrows its focus to a learner-centred problem (what students "
            "cannot yet do) and a related problem of practice (what teachers could do "
            "differently), agrees on one common instructional change, sets a short-cycle measure "
            "and a date to review it, and meets again to look at the results."
        ),
        "method_components": [
            "Prepare a focused, de-identified data display and a student work sample set before the meeting.",
            "Use a written protocol that separates predictions, low-inference observations, explanations and actions.",
            "Redirect talk that blames students or circumstances back to evidence and to what teachers can influence.",
            "Help the team name a learner-centred problem and a related problem of practice.",
            "Reach agreement on one common instructional change, a short-cycle measure and a review date.",
            "Reconvene to examine the measure and decide whether to adopt, adapt or abandon the change.",
        ],
        "research": (
            "The 'Data Wise' improvement process developed by Boudett, City and Murnane at the "
            "Harvard Graduate School of Education emphasises structured protocols, the separation "
            "of observation from inference, and moving from a learner-centred problem to a problem "
            "of practice. Bryk and colleagues' 'Learning to Improve' (2015) describes short "
            "plan-do-study-act cycles in which teams test a small change, measure it, and decide "
            "what to do next.\n\n"
            "Darling-Hammond, Hyler and Gardner's 2017 Learning Policy Institute review of "
            "effective teacher professional development identified collaboration, a focus on "
            "content and student learning, and sustained duration as common features of "
            "programmes that improved student outcomes; well-facilitated data inquiry combines all "
            "three."
        ),
        "resources": [
            {"title": "Learning Forward", "url": "https://learningforward.org/"},
            {"title": "Learning Policy Institute", "url": "https://learningpolicyinstitute.org/"},
        ],
        "grade_bands": ["K-2", "3-5", "6-8", "9-12"],
        "subjects": ["All subjects"],
        "pd_hours": 20,
        "ceus": Decimal("2.0"),
        "validity_years": 5,
        "requirements": [
            {
                "key": "context",
                "part": 1,
                "title": "Team and data context",
                "prompt": (
                    "Describe the team you facilitated (roles, grade levels, how often it meets) "
                    "and your role in it. What data did the team examine, and why was it the right "
                    "data for the question the team cared about? How has this team used data in "
                    "the past?"
                ),
                "kind": "text",
                "word_limit": 350,
                "required": True,
            },
            {
                "key": "meeting-plan",
                "part": 2,
                "title": "Meeting plan, protocol and data display",
                "prompt": (
                    "Upload the agenda and written protocol you used, with time allocations for "
                    "each stage, and the data display and any student work the team examined. All "
                    "student information must be de-identified."
                ),
                "kind": "artifact",
                "accepted_types": ["document"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "meeting-recording",
                "part": 2,
                "title": "Recording of the team meeting",
                "prompt": (
                    "Upload a 20 to 45 minute audio or video recording of the meeting, covering at "
                    "least the observation, explanation and action stages. Every participant must "
                    "agree to be recorded. Remind colleagues beforehand not to say student names; if "
                    "a name is spoken, edit it out or note the timestamp for the reviewer."
                ),
                "kind": "artifact",
                "accepted_types": ["audio", "video"],
                "max_size_mb": 5120,
                "required": True,
            },
            {
                "key": "action-plan",
                "part": 2,
                "title": "Team action plan and follow-up results",
                "prompt": (
                    "Upload the action plan the team agreed on (the learner-centred problem, the "
                    "problem of practice, the common instructional change, the measure and the "
                    "review date) and notes or data from the follow-up meeting."
                ),
                "kind": "artifact",
                "accepted_types": ["document"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "colleague-feedback",
                "part": 2,
                "title": "Colleague feedback (optional)",
                "prompt": (
                    "Optionally upload brief anonymous feedback from team members on how the "
                    "meeting was facilitated, such as a short survey summary."
                ),
                "kind": "artifact",
                "accepted_types": ["document"],
                "max_size_mb": 25,
                "required": False,
            },
            {
                "key": "reflection",
                "part": 3,
                "title": "Reflection on facilitation",
                "prompt": (
                    "Identify a moment in the recording when the conversation drifted from the "
                    "evidence and explain how you responded. What did the follow-up data show about "
                    "the team's instructional change? What will you do differently as a facilitator "
                    "in the next cycle?"
                ),
                "kind": "text",
                "word_limit": 500,
                "required": True,
            },
        ],
        "rubric": [
            {
                "title": "Data preparation and protocol design",
                "description": "The data and protocol are focused and set the team up for evidence-based talk.",
                "requirements": ["context", "meeting-plan"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "No written protocol is used, or the data display is unfocused (for example a full gradebook export) or shows student names.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "A protocol and de-identified data are provided, but stages are not separated or timed, so observation and action run together.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "A timed protocol separates predictions, observations, explanations and actions, and the data display is de-identified and focused on one clear question.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and the data set pairs numbers with student work so that the team can look behind the scores.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Evidence-grounded facilitation",
                "description": "The facilitator keeps discussion tied to evidence and involves all members.",
                "requirements": ["meeting-recording"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "The recording shows the meeting moving to solutions or to explanations outside teachers' control without the facilitator redirecting.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "The facilitator follows the protocol's stages but does most of the talking, or accepts interpretations stated as observations.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "The facilitator holds each stage, asks for evidence behind claims at least twice, redirects unproductive talk, and draws in quieter members.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and team members begin to press one another for evidence without the facilitator's prompting.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Actionable shared commitment",
                "description": "The team leaves with a specific, measurable change and follows it up.",
                "requirements": ["action-plan"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "No shared action is recorded, or actions are vague ('reteach fractions', 'more practice').",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "A specific action is agreed, but there is no measure or review date, or no follow-up data is provided.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "The plan names a learner-centred problem, a problem of practice, one common change, a short-cycle measure and a review date, and follow-up results are reported.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and the follow-up meeting records a clear decision to adopt, adapt or abandon the change based on the measure.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Reflection on facilitation",
                "description": "The educator critically reviews their own facilitation using the recording and results.",
                "requirements": ["reflection", "colleague-feedback"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "The reflection describes the meeting but does not examine a specific facilitation moment or the follow-up data.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "The reflection analyses a specific moment from the recording, interprets the follow-up data, and names a concrete facilitation goal for the next cycle.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and integrates colleague feedback or team outcomes to explain how the team's data habits are changing.",
                        "passing": True,
                    },
                ],
            },
        ],
    },
    {
        "slug": "student-data-tracking-and-goal-setting",
        "title": "Students Tracking Their Own Progress",
        "focus_area": "data-literacy",
        "competency": {
            "name": "Student-owned data",
            "statement": (
                "The educator teaches students to track their own progress on specific learning "
                "goals, interpret their results, and set and follow through on next-step goals in "
                "brief one-to-one data conferences."
            ),
        },
        "key_method": (
            "When students can see their own progress on specific skills, data becomes a tool for "
            "learning rather than a verdict. The educator sets up a simple tracker in which students "
            "record results on named skills or learning targets (not just overall grades) at "
            "regular intervals, and teaches them how to read it: where they have grown, where they "
            "are stuck, and what might explain the difference. In short data conferences, the "
            "student explains their data first, the educator asks questions and adds evidence, and "
            "together they agree on a specific goal, a strategy for reaching it and a date to check "
            "in. The routine repeats so that students experience the link between their actions "
            "and their results."
        ),
        "method_components": [
            "Design a tracker organised by learning targets or skills that students can update themselves in a few minutes.",
            "Build a regular routine for students to record and graph or chart their results.",
            "Teach students explicitly how to interpret their trackers and name strengths and gaps.",
            "Hold short one-to-one conferences in which the student interprets their data before the educator adds to it.",
            "Agree goals that are specific, tied to a learning target, and paired with a concrete strategy and a check-in date.",
            "Revisit goals at the check-in and help the student judge whether the strategy worked.",
        ],
        "research": (
            "Sadler (1989) argued that for feedback to improve learning, students themselves must "
            "understand the goal, be able to compare their current performance with it, and know "
            "how to act to close the gap. Tracking and interpreting their own data gives students "
            "the second of these capacities. The Institute of Education Sciences practice guide "
            "'Using Student Achievement Data to Support Instructional Decision Making' (Hamilton "
            "and colleagues, 2009) includes teaching students to examine their own data and set "
            "learning goals among its recommendations.\n\n"
            "Zimmerman's (2002) model of self-regulated learning describes a cycle of forethought "
            "(setting goals and choosing strategies), performance, and self-reflection. Regular "
            "data conferences give structure to each phase, especially the self-reflection phase, "
            "in which students judge whether their strategy worked."
        ),
        "resources": [
            {
                "title": "What Works Clearinghouse practice guides",
                "url": "https://ies.ed.gov/ncee/wwc/PracticeGuides",
            },
        ],
        "grade_bands": ["3-5", "6-8", "9-12"],
        "subjects": ["All subjects"],
        "pd_hours": 15,
        "ceus": Decimal("1.5"),
        "validity_years": None,
        "requirements": [
            {
                "key": "context",
                "part": 1,
                "title": "Context and learning targets",
                "prompt": (
                    "Describe the class and the learning targets students tracked. How long has the "
                    "tracking routine been in place, and how often do students update their "
                    "trackers? How did you teach students to read their data?"
                ),
                "kind": "text",
                "word_limit": 300,
                "required": True,
            },
            {
                "key": "trackers",
                "part": 2,
                "title": "Tracker template and completed trackers",
                "prompt": (
                    "Upload the blank tracker and three completed trackers covering at least three "
                    "weeks, chosen to represent different levels of progress. Remove or cover "
                    "student names."
                ),
                "kind": "artifact",
                "accepted_types": ["document", "image"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "conference-recording",
                "part": 2,
                "title": "Recordings of two data conferences",
                "prompt": (
                    "Upload audio or video of two data conferences with different students, each "
                    "3 to 8 minutes long and unedited. The student should begin by interpreting "
                    "their own tracker. Obtain family permission according to your school's policy, "
                    "and use first names only."
                ),
                "kind": "artifact",
                "accepted_types": ["audio", "video"],
                "max_size_mb": 5120,
                "required": True,
            },
            {
                "key": "goal-records",
                "part": 2,
                "title": "Goal records and check-in notes",
                "prompt": (
                    "Upload the goal records from the two recorded conferences and your notes from "
                    "the follow-up check-in, showing whether each goal was met and what the student "
                    "decided next. De-identify all documents."
                ),
                "kind": "artifact",
                "accepted_types": ["document", "image"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "student-reflections",
                "part": 2,
                "title": "Student reflections (optional)",
                "prompt": (
                    "Optionally upload short written or drawn reflections from several students "
                    "about what tracking their progress has taught them, with names removed."
                ),
                "kind": "artifact",
                "accepted_types": ["document", "image"],
                "max_size_mb": 25,
                "required": False,
            },
            {
                "key": "reflection",
                "part": 3,
                "title": "Reflection",
                "prompt": (
                    "How has the way students talk about their own learning changed since the "
                    "routine began? Which students benefited most and least, and why? What will "
                    "you change about the tracker or the conferences?"
                ),
                "kind": "text",
                "word_limit": 500,
                "required": True,
            },
        ],
        "rubric": [
            {
                "title": "Tracking system design",
                "description": "The tracker is organised by learning targets and students maintain it themselves.",
                "requirements": ["context", "trackers"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "Trackers record only overall grades or points, or are maintained by the educator rather than students.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "Trackers list learning targets, but entries are sparse or irregular over the three weeks, or the targets are too broad to guide action.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "Trackers are organised by specific targets, updated by students at regular intervals, and show change over at least three weeks.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and trackers also capture the strategies students used, so that progress can be linked to actions.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Student-led data conversation",
                "description": "In conferences, students interpret their own data and the educator builds on it.",
                "requirements": ["conference-recording"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "The educator reads out the student's results and tells the student what to work on; the student mainly listens.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "The student is asked to describe their data but gives brief answers, and the educator quickly takes over the interpretation.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "In both recordings the student names a strength and a gap from their tracker, and the educator's questions help the student explain possible reasons.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and the student proposes their own goal and strategy, which the educator helps sharpen rather than replace.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Goal quality and follow-through",
                "description": "Goals are specific, strategy-linked and revisited.",
                "requirements": ["goal-records"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "Goals are general ('do better in math') or missing, and there is no record of a check-in.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "Goals name a target but not a strategy, or the check-in records only whether the score went up.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "Each goal names a learning target, a concrete strategy and a date; check-in notes record whether the goal was met and the student's next decision.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and check-in notes show the student evaluating whether the strategy itself worked and adjusting it.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Reflection on student ownership",
                "description": "The educator analyses the routine's effect on different students.",
                "requirements": ["reflection", "student-reflections"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "The reflection is general and does not cite changes in student talk, trackers or goals.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "The reflection cites specific evidence of change in how students discuss their learning, identifies who benefited less, and proposes a change.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and draws on student voices to explain how the routine could better support the students who benefited least.",
                        "passing": True,
                    },
                ],
            },
        ],
    },
    # =======================================================================
    # Executive functioning
    # =======================================================================
    {
        "slug": "planning-long-term-assignments",
        "title": "Teaching Students to Plan Long-Term Assignments",
        "focus_area": "executive-functioning",
        "competency": {
            "name": "Explicit planning instruction",
            "statement": (
                "The educator explicitly teaches students to break a multi-step assignment into "
                "manageable tasks, estimate and schedule the time each will take, and monitor and "
                "revise their plan, gradually shifting responsibility for planning to students."
            ),
        },
        "key_method": (
            "Many students who miss deadlines are not unmotivated; they have not yet learned how "
            "to turn a large task into a sequence of smaller ones. The educator makes planning "
            "visible by thinking aloud while breaking a sample assignment into steps, estimating "
            "how long each will take and placing the steps on a calendar with check-in points. "
            "Students then plan the real assignment with a template, record estimated and actual "
            "times, and revise their plans at scheduled check-ins. Support is faded over "
            "successive assignments, moving from a teacher-made plan, to a plan built together, to "
            "a plan students build on their own, with extra scaffolds kept in place for students "
            "who still need them."
        ),
        "method_components": [
            "Model planning with a think-aloud that shows how to break an assignment into steps and sequence them.",
            "Teach students to estimate the time each step will take and to compare estimates with actual time.",
            "Provide a planning template or calendar with built-in check-in dates.",
            "Hold brief check-ins at which students compare progress with their plan and revise it.",
            "Fade support over successive assignments, from teacher-made plans to student-made plans.",
            "Keep targeted scaffolds, such as more frequent check-ins, for students who need them.",
        ],
        "research": (
            "Diamond's review 'Executive Functions' (Annual Review of Psychology, 2013) describes "
            "the core executive functions (inhibitory control, working memory and cognitive "
            "flexibility) that underlie higher-order skills such as planning, and notes that these "
            "skills improve with repeated, progressively more demanding practice. The Center on the "
            "Developing Child at Harvard University has described the adult role as providing "
            "scaffolding that children gradually internalise, much as a trainee pilot moves from "
            "guided to independent flying.\n\n"
            "Gollwitzer's (1999) research on implementation intentions found that specifying when, "
            "where and how a step will be carried out makes people much more likely to follow "
            "through on their goals. A planning template with dated steps and check-ins applies "
            "this finding to school assignments."
        ),
        "resources": [
            {
                "title": "Center on the Developing Child at Harvard University",
                "url": "https://developingchild.harvard.edu/",
            },
            {"title": "Understood", "url": "https://www.understood.org/"},
        ],
        "grade_bands": ["3-5", "6-8", "9-12"],
        "subjects": ["All subjects", "Special education"],
        "pd_hours": 15,
        "ceus": Decimal("1.5"),
        "validity_years": None,
        "requirements": [
            {
                "key": "context",
                "part": 1,
                "title": "Students and the assignment",
                "prompt": (
                    "Describe the students and the long-term assignment (its length, steps and due "
                    "date). What planning or time-management difficulties had you noticed before "
                    "teaching this method, and how did you know (for example late or incomplete "
                    "work, student comments)?"
                ),
                "kind": "text",
                "word_limit": 300,
                "required": True,
            },
            {
                "key": "planning-lessons",
                "part": 2,
                "title": "Planning lessons and materials",
                "prompt": (
                    "Upload the lesson plan(s) in which you taught planning, including your "
                    "think-aloud script or outline, the planning template, and a description of how "
                    "support will be faded across this and later assignments."
                ),
                "kind": "artifact",
                "accepted_types": ["document"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "student-plans",
                "part": 2,
                "title": "Student plans with revisions",
                "prompt": (
                    "Upload completed plans from three students, with names removed, that show "
                    "estimated and actual times and at least one revision made at a check-in. "
                    "Choose students with different levels of independence and briefly note why you "
                    "chose each."
                ),
                "kind": "artifact",
                "accepted_types": ["document", "image"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "modeling-video",
                "part": 2,
                "title": "Think-aloud video (optional)",
                "prompt": (
                    "Optionally upload a 5 to 10 minute video of your think-aloud modelling. Keep "
                    "the camera on yourself and the board; if students appear, follow your school's "
                    "recording consent policy."
                ),
                "kind": "artifact",
                "accepted_types": ["video"],
                "max_size_mb": 5120,
                "required": False,
            },
            {
                "key": "reflection",
                "part": 3,
                "title": "Reflection",
                "prompt": (
                    "Compare on-time and complete submissions for this assignment with a similar "
                    "earlier assignment. What did students learn about their own time estimates? "
                    "Which students are ready to plan independently and which need continued "
                    "scaffolds, and what will those scaffolds be?"
                ),
                "kind": "text",
                "word_limit": 500,
                "required": True,
            },
        ],
        "rubric": [
            {
                "title": "Explicit modelling of planning",
                "description": "The educator makes the thinking behind planning visible.",
                "requirements": ["planning-lessons", "modeling-video"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "Students receive a due date and possibly a checklist, but planning is not taught or modelled.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "The educator presents a completed plan but does not show the decisions behind it (how steps were chosen, sequenced and timed).",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "The think-aloud shows how to break the task into steps, estimate time, and place steps and check-ins on a calendar, and students then apply it to the real assignment.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and the modelling includes what to do when a plan goes wrong (for example re-planning after a missed step).",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Gradual release of responsibility",
                "description": "Support is deliberately faded while remaining available to those who need it.",
                "requirements": ["planning-lessons", "student-plans"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "All students receive the same teacher-made plan with no intention to shift planning to them.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "A fading plan is described, but student plans show all students at the same level of support regardless of readiness.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "Materials lay out a sequence from teacher-made to student-made plans, and the three student plans show support matched to each student's independence.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and students have a voice in deciding when they are ready for less support.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Monitoring and revising plans",
                "description": "Students compare estimates with reality and revise their plans.",
                "requirements": ["student-plans"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "Student plans show no actual times or revisions; plans were made once and not revisited.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "Actual times are recorded on some plans, but revisions are missing or made by the educator.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "All three plans record estimated and actual times and show at least one student-made revision at a check-in.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and students' notes show them adjusting later estimates based on earlier discrepancies.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Reflection on impact",
                "description": "The educator judges impact with evidence and plans differentiated next steps.",
                "requirements": ["context", "reflection"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "The reflection offers impressions without comparing completion data or naming next steps for particular students.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "The reflection compares completion with an earlier assignment, reports what students learned about their estimates, and names specific scaffolds for students who need them.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and describes how planning instruction will be coordinated with colleagues or families so that the skill transfers beyond this class.",
                        "passing": True,
                    },
                ],
            },
        ],
    },
    {
        "slug": "working-memory-supports",
        "title": "Designing Instruction That Supports Working Memory",
        "focus_area": "executive-functioning",
        "competency": {
            "name": "Working-memory-aware instruction",
            "statement": (
                "The educator identifies the points in a lesson that overload students' working "
                "memory and redesigns instruction with external supports that students learn to use "
                "independently."
            ),
        },
        "key_method": (
            "Working memory, the mental space for holding and manipulating information, is small "
            "and varies widely among students. Tasks fail when students must hold too much at once: "
            "long spoken directions, information split between a board and a worksheet, or new "
            "procedures practised without examples. The educator audits a lesson for these "
            "pressure points and redesigns it: directions are chunked and also given in writing, "
            "related text and diagrams are placed together, new procedures are introduced through "
            "worked and partially worked examples, and reference tools such as checklists and "
            "anchor charts stay visible. Students are then taught to use these supports on "
            "purpose, so that the supports become strategies rather than crutches."
        ),
        "method_components": [
            "Audit a lesson to identify moments where students must hold several pieces of information in mind at once.",
            "Chunk multi-step directions and provide them in writing or with visuals as well as orally.",
            "Place related information together to avoid split attention between sources.",
            "Introduce new procedures with worked examples and partially completed examples before independent practice.",
            "Provide visible reference tools (checklists, anchor charts, step cards) and teach students when to use them.",
            "Plan how supports will be faded as students become fluent.",
        ],
        "research": (
            "Sweller's cognitive load theory, developed from the late 1980s with colleagues "
            "including van Merriënboer and Paas, holds that working memory is sharply limited when "
            "dealing with new information, and that instruction should reduce unnecessary load. "
            "Two of its best-replicated findings are the worked-example effect (novices learn more "
            "from studying worked examples than from solving equivalent problems unaided) and the "
            "split-attention effect (learning suffers when learners must mentally combine "
            "separated sources of information).\n\n"
            "Gathercole and Alloway's 'Working Memory and Learning: A Practical Guide for "
            "Teachers' (2008) describes how children with weak working memory often fail "
            "classroom activities because they lose track of instructions or their place in a "
            "task, and recommends reducing memory loads, repeating key information, and providing "
            "memory aids that children are encouraged to use."
        ),
        "resources": [
            {
                "title": "CAST Universal Design for Learning Guidelines",
                "url": "https://udlguidelines.cast.org/",
            },
            {"title": "The Learning Scientists", "url": "https://www.learningscientists.org/"},
        ],
        "grade_bands": ["K-2", "3-5", "6-8", "9-12"],
        "subjects": ["All subjects", "Special education", "English learners"],
        "pd_hours": 15,
        "ceus": Decimal("1.5"),
        "validity_years": None,
        "requirements": [
            {
                "key": "context",
                "part": 1,
                "title": "Students and working-memory demands",
                "prompt": (
                    "Describe the class and the lesson you redesigned. What signs of working-memory "
                    "overload had you seen (for example students asking what to do right after "
                    "directions, losing their place in multi-step tasks)? Which students were most "
                    "affected?"
                ),
                "kind": "text",
                "word_limit": 300,
                "required": True,
            },
            {
                "key": "lesson-audit",
                "part": 2,
                "title": "Annotated lesson audit and redesigned plan",
                "prompt": (
                    "Upload the original lesson plan annotated to mark each point of high "
                    "working-memory demand and why it is demanding, followed by the redesigned plan "
                    "showing the change made at each point."
                ),
                "kind": "artifact",
                "accepted_types": ["document"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "supports",
                "part": 2,
                "title": "External supports",
                "prompt": (
                    "Upload copies or photos of the supports you created (for example written "
                    "step cards, worked and partially worked examples, checklists, anchor charts). "
                    "Photos should not show student faces or names."
                ),
                "kind": "artifact",
                "accepted_types": ["document", "image"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "classroom-video",
                "part": 2,
                "title": "Classroom video",
                "prompt": (
                    "Upload a 10 to 15 minute unedited video that includes you giving directions for "
                    "a multi-step task and students beginning to work using the supports. Follow "
                    "your school's consent policy for recording students and keep students without "
                    "permission out of frame."
                ),
                "kind": "artifact",
                "accepted_types": ["video"],
                "max_size_mb": 5120,
                "required": True,
            },
            {
                "key": "student-work",
                "part": 2,
                "title": "Student work before and after",
                "prompt": (
                    "Upload work from three students on a comparable task before and after the "
                    "redesign, with names removed, and note what changed."
                ),
                "kind": "artifact",
                "accepted_types": ["document", "image"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "reflection",
                "part": 3,
                "title": "Reflection and fading plan",
                "prompt": (
                    "Which change made the biggest difference, and what evidence shows it? Which "
                    "students used the supports on their own, and which needed prompting? Describe "
                    "how and when you will fade each support."
                ),
                "kind": "text",
                "word_limit": 500,
                "required": True,
            },
        ],
        "rubric": [
            {
                "title": "Identifying working-memory demands",
                "description": "The audit accurately pinpoints where the lesson overloads working memory.",
                "requirements": ["context", "lesson-audit"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "The audit is missing or marks difficulties unrelated to memory load (for example 'students off task') without analysis.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "Some high-demand points are marked, but the explanation of why they overload working memory is vague or absent.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "At least three high-demand points are marked, each with a clear explanation (such as the number of steps to hold, or split sources), consistent with the signs described in Part 1.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and the audit distinguishes load that is essential to the learning goal from load that can be removed.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Quality of external supports",
                "description": "Supports reduce unnecessary load without removing the thinking students need to do.",
                "requirements": ["lesson-audit", "supports"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "Supports are missing, cluttered, or do the task for students (for example answers filled in).",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "Supports exist but do not match the audited pressure points, or are not placed where students need them.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "Each audited pressure point has a matching support (chunked written directions, integrated information, worked examples or checklists) that is clear and uncluttered.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and supports are designed in graduated versions so that they can be faded step by step.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Supports in use",
                "description": "Students use the supports, and their work shows the effect.",
                "requirements": ["classroom-video", "student-work"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "In the video, directions are still given orally in one long sequence, or supports are present but no student is seen using them.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "Directions are chunked, but students use supports only when the educator points to them, and work samples show little change.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "Directions are chunked and available in writing, several students consult supports on their own, and after-samples show fewer lost steps or omissions.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and the educator explicitly teaches students when and how to use a support as a self-help strategy.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Reflection and fading plan",
                "description": "The educator evaluates the changes and plans to build independence.",
                "requirements": ["reflection"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "The reflection does not link any change to evidence, or there is no plan for fading supports.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "The reflection links the most effective change to specific evidence, distinguishes independent from prompted use, and gives a concrete fading plan.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and the fading plan is individualised for students who are likely to need supports longer.",
                        "passing": True,
                    },
                ],
            },
        ],
    },
    {
        "slug": "self-monitoring-routines",
        "title": "Plan, Do, Review: Teaching Self-Monitoring",
        "focus_area": "executive-functioning",
        "competency": {
            "name": "Self-monitoring routines",
            "statement": (
                "The educator establishes a routine in which students set a process goal before a "
                "task, check their own focus and strategy use during it, and review what worked "
                "afterwards."
            ),
        },
        "key_method": (
            "Students become more self-regulated when monitoring their own work is a habit rather "
            "than an occasional exhortation to 'stay focused'. The educator introduces a short "
            "plan-do-review cycle. Before a task, each student chooses a specific process goal "
            "(for example 'check each answer against the example') and writes an if-then plan for "
            "a likely obstacle ('If I get stuck for two minutes, I will reread the model'). During "
            "the task, a brief signal prompts students to check themselves against the goal. "
            "Afterwards, students compare what happened with what they planned and decide what to "
            "keep or change. The educator models each step, gives feedback on the process as well "
            "as the product, and repeats the routine until students can run it with little "
            "prompting."
        ),
        "method_components": [
            "Model the plan-do-review routine with a think-aloud before asking students to use it.",
            "Have students set a specific process goal before the task, not only an outcome goal.",
            "Teach students to write an if-then plan for one likely obstacle.",
            "Build in a brief self-check signal during the task (a timer, a checklist or a visual cue).",
            "Close with a structured review in which students compare the plan with what happened and choose an adjustment.",
            "Repeat the routine regularly and reduce prompts as students become independent.",
        ],
        "research": (
            "Zimmerman's (2002) overview of self-regulated learning describes three cyclical phases: "
            "forethought (goal setting and strategic planning), performance (including "
            "self-monitoring), and self-reflection. Skilled learners move through this cycle "
            "routinely, while struggling learners tend to skip forethought and judge themselves only "
            "by outcomes; the cycle can be taught.\n\n"
            "Gollwitzer's work on implementation intentions shows that if-then plans increase "
            "follow-through on goals, and Duckworth and colleagues (2011) reported that high-school "
            "students taught to combine mental contrasting (imagining a goal and the obstacles to "
            "it) with implementation intentions did more of a voluntary study task than a "
            "comparison group. Diamond's (2013) review of executive functions notes that these "
            "skills benefit from repeated practice in everyday activities rather than isolated "
            "exercises."
        ),
        "resources": [
            {
                "title": "Center on the Developing Child at Harvard University",
                "url": "https://developingchild.harvard.edu/",
            },
            {"title": "CASEL", "url": "https://casel.org/"},
        ],
        "grade_bands": ["K-2", "3-5", "6-8", "9-12"],
        "subjects": ["All subjects", "Special education"],
        "pd_hours": 15,
        "ceus": Decimal("1.5"),
        "validity_years": None,
        "requirements": [
            {
                "key": "context",
                "part": 1,
                "title": "Context",
                "prompt": (
                    "Describe the class and the kind of task you used the routine with. What "
                    "self-regulation challenges did you observe beforehand? How did you adapt the "
                    "routine for the age and needs of your students (for example pictures for "
                    "younger students, or digital forms for older ones)?"
                ),
                "kind": "text",
                "word_limit": 300,
                "required": True,
            },
            {
                "key": "routine-materials",
                "part": 2,
                "title": "Routine materials and teaching plan",
                "prompt": (
                    "Upload the plan, self-check and review tools students use, and your plan for "
                    "introducing and repeating the routine over at least two weeks, including how "
                    "prompts will be reduced."
                ),
                "kind": "artifact",
                "accepted_types": ["document"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "classroom-video",
                "part": 2,
                "title": "Classroom video of the routine",
                "prompt": (
                    "Upload up to 20 minutes of video showing both the planning phase and the review "
                    "phase of the routine in the same lesson. You may submit two unedited clips (one "
                    "for each phase). Follow your school's recording consent policy and keep "
                    "students without permission out of frame."
                ),
                "kind": "artifact",
                "accepted_types": ["video"],
                "max_size_mb": 5120,
                "required": True,
            },
            {
                "key": "student-samples",
                "part": 2,
                "title": "Student plan-do-review records",
                "prompt": (
                    "Upload plan-do-review records from four students from at least two points "
                    "two or more weeks apart, with names removed, so that change over time is "
                    "visible."
                ),
                "kind": "artifact",
                "accepted_types": ["document", "image"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "student-survey",
                "part": 2,
                "title": "Student survey (optional)",
                "prompt": (
                    "Optionally upload a summary of a short anonymous student survey about whether "
                    "the routine helps them and how."
                ),
                "kind": "artifact",
                "accepted_types": ["document"],
                "max_size_mb": 25,
                "required": False,
            },
            {
                "key": "reflection",
                "part": 3,
                "title": "Reflection",
                "prompt": (
                    "How have students' goals and reviews changed over the two weeks? Describe one "
                    "student for whom the routine made a clear difference and one for whom it did "
                    "not yet, and explain why. What will you adjust?"
                ),
                "kind": "text",
                "word_limit": 500,
                "required": True,
            },
        ],
        "rubric": [
            {
                "title": "Routine design",
                "description": "Tools and plan support each phase of self-regulation and suit the students.",
                "requirements": ["context", "routine-materials"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "Materials address only one phase (for example a reflection sheet after the task), or there is no plan for repeating the routine.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "Materials cover planning, checking and reviewing, but goals are outcome-only or the tools are not adapted to students' age or needs.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "Tools prompt a process goal, an if-then plan, a mid-task self-check and a review, are adapted to the students, and are scheduled over at least two weeks with reducing prompts.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and students help choose or refine the self-check cues.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Teaching and coaching the routine",
                "description": "The educator models the routine and coaches the process, not just the product.",
                "requirements": ["classroom-video"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "Students are handed a form with little explanation; the review phase is skipped or reduced to 'How did it go?'.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "The educator explains the routine, but feedback during the lesson focuses on task completion rather than students' goals or strategies.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "The educator models or revisits a strong goal, gives at least two students feedback on their process goal or if-then plan, and leads a review in which students name an adjustment.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and students can be seen coaching one another or running the routine with minimal prompting.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Student self-monitoring over time",
                "description": "Student records show growth in the quality of goals and reviews.",
                "requirements": ["student-samples", "student-survey"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "Records are incomplete or show identical, generic entries ('work hard', 'it went well') at both points.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "Some records show more specific goals later, but reviews still do not connect what happened to the plan.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "Most records show more specific process goals at the later point, and reviews name what worked or did not and an adjustment.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and later records show students acting on adjustments chosen in earlier reviews.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Reflection",
                "description": "The educator analyses differing student responses to the routine.",
                "requirements": ["reflection"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "The reflection is general and does not discuss specific students or evidence from the records.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "The reflection contrasts two students with evidence, offers a plausible explanation for the difference, and names a specific adjustment.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and connects the routine to how students manage work in other classes or at home.",
                        "passing": True,
                    },
                ],
            },
        ],
    },
    # =======================================================================
    # Deeper learning
    # =======================================================================
    {
        "slug": "thinking-routines-for-visible-thinking",
        "title": "Making Thinking Visible with Thinking Routines",
        "focus_area": "deeper-learning",
        "competency": {
            "name": "Thinking routines",
            "statement": (
                "The educator uses structured thinking routines repeatedly with rich content so "
                "that students' reasoning is voiced, documented and built upon over time."
            ),
        },
        "key_method": (
            "Thinking routines are short, repeatable structures (such as See-Think-Wonder or "
            "Claim-Support-Question) that scaffold a particular kind of thinking. Their value "
            "comes from repetition and from how they are facilitated, not from a single use. The "
            "educator chooses a routine that matches the thinking the content demands, applies it "
            "to material rich enough to reward close attention, and presses for reasons with "
            "questions like 'What makes you say that?'. Students' ideas are recorded publicly, on "
            "charts, sticky notes or a shared document, so that the class can see, compare and "
            "return to them. Over several uses, students internalise the moves and begin to use "
            "them without prompting."
        ),
        "method_components": [
            "Choose a routine whose steps match the kind of thinking the learning goal requires (observing and interpreting, reasoning with evidence, making connections).",
            "Select content rich and ambiguous enough to support multiple interpretations.",
            "Press students to explain the reasoning behind their ideas.",
            "Document students' thinking publicly so it can be compared, revisited and revised.",
            "Use the same routine several times so students internalise its moves.",
            "Revisit earlier documented thinking to show students how their ideas have developed.",
        ],
        "research": (
            "Ritchhart, Church and Morrison's 'Making Thinking Visible' (2011) grew out of the "
            "Visible Thinking work at Harvard's Project Zero. It describes thinking routines as "
            "simple structures, used repeatedly, that make students' thinking visible to "
            "themselves, their peers and the teacher, so that it can be discussed and developed. "
            "Ritchhart's 'Creating Cultures of Thinking' (2015) extends the work to the classroom "
            "norms and language that sustain it.\n\n"
            "The National Research Council's 'How People Learn' (Bransford, Brown and Cocking, "
            "2000) emphasises that students arrive with preconceptions that must be drawn out and "
            "engaged for new understanding to take hold. Chi and Wylie's ICAP framework (2014) "
            "suggests that learning deepens as activity moves from passive to active, constructive "
            "and interactive, which is exactly the shift a well-facilitated routine aims to make."
        ),
        "resources": [
            {
                "title": "Project Zero, Harvard Graduate School of Education",
                "url": "https://pz.harvard.edu/",
            },
        ],
        "grade_bands": ["K-2", "3-5", "6-8", "9-12"],
        "subjects": ["All subjects"],
        "pd_hours": 12,
        "ceus": Decimal("1.2"),
        "validity_years": None,
        "requirements": [
            {
                "key": "context",
                "part": 1,
                "title": "Context and routine choice",
                "prompt": (
                    "Describe the class and the learning goal. Which routine did you use, and why "
                    "does it match the thinking this content demands? How many times had students "
                    "used this routine before the recorded lesson?"
                ),
                "kind": "text",
                "word_limit": 300,
                "required": True,
            },
            {
                "key": "lesson-plan",
                "part": 2,
                "title": "Lesson plan",
                "prompt": (
                    "Upload the lesson plan showing the content or stimulus students worked with, "
                    "the steps of the routine, the follow-up questions you planned, and how the "
                    "thinking would be documented."
                ),
                "kind": "artifact",
                "accepted_types": ["document"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "classroom-video",
                "part": 2,
                "title": "Classroom video",
                "prompt": (
                    "Upload a 10 to 20 minute unedited video of students working through the "
                    "routine, including whole-class sharing. Make sure student voices can be heard. "
                    "Follow your school's consent policy for recording students and keep students "
                    "without permission out of frame."
                ),
                "kind": "artifact",
                "accepted_types": ["video"],
                "max_size_mb": 5120,
                "required": True,
            },
            {
                "key": "documentation",
                "part": 2,
                "title": "Documentation of student thinking",
                "prompt": (
                    "Upload photos or files of the documented thinking from this lesson (charts, "
                    "sticky notes, shared documents) and, if possible, from an earlier use of the "
                    "routine. Photos must not show student faces or full names."
                ),
                "kind": "artifact",
                "accepted_types": ["image", "document"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "reflection",
                "part": 3,
                "title": "Reflection",
                "prompt": (
                    "What did the routine reveal about students' thinking that you would not "
                    "otherwise have seen? Compare the quality of student reasoning in this lesson "
                    "with an earlier use. How will you use the documented thinking in upcoming "
                    "lessons?"
                ),
                "kind": "text",
                "word_limit": 500,
                "required": True,
            },
        ],
        "rubric": [
            {
                "title": "Routine selection and lesson design",
                "description": "The routine and content are well matched to the intended thinking.",
                "requirements": ["context", "lesson-plan"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "The routine is used as a worksheet activity unrelated to the learning goal, or the content has one obvious answer.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "The routine fits the goal, but the content is thin or the plan has no follow-up questions or documentation plan.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "The routine's steps match the thinking the goal demands, the content supports multiple interpretations, and follow-up questions and documentation are planned.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and the plan shows how this use of the routine builds on earlier uses and leads into later work.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Facilitation that presses for reasoning",
                "description": "The educator draws out and builds on students' reasons.",
                "requirements": ["classroom-video"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "Students list ideas while the educator accepts each with 'good' and moves on; no reasons are requested.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "The educator occasionally asks for reasons but often paraphrases or completes students' ideas for them.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "The educator regularly asks students to give evidence for ideas, lets students finish their own thinking, and connects ideas from different students.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and students ask one another for reasons or build on each other's ideas without the educator's prompting.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Documentation of thinking",
                "description": "Student thinking is captured in a form the class can revisit.",
                "requirements": ["documentation"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "No documentation is provided, or it records only the educator's summary.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "Student ideas are recorded, but as a list of fragments that would be hard to interpret or revisit later.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "Documentation captures students' ideas with their reasons in a form that can be revisited and compared.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and documentation from more than one use shows how students' thinking has developed.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Reflection",
                "description": "The educator analyses what the routine revealed and how it will be used.",
                "requirements": ["reflection"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "The reflection describes the activity without discussing what was learned about student thinking.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "The reflection cites specific student ideas, compares reasoning with an earlier use, and describes a concrete plan to use the documentation.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and identifies how the routine could be adapted to reach students whose thinking remained least visible.",
                        "passing": True,
                    },
                ],
            },
        ],
    },
    {
        "slug": "project-based-learning-authentic-audience",
        "title": "Project-Based Learning with an Authentic Audience",
        "focus_area": "deeper-learning",
        "competency": {
            "name": "Authentic project design",
            "statement": (
                "The educator designs and carries out a project in which students investigate a "
                "meaningful driving question over time, improve their work through critique and "
                "revision, and present it to an audience beyond the classroom."
            ),
        },
        "key_method": (
            "In a well-designed project, the project is the way content is learned, not a "
            "decoration added at the end of a unit. The educator frames an open driving question "
            "tied to important standards, plans the knowledge and skills students need and how "
            "they will be taught explicitly along the way, and builds in structured critique: "
            "students give and receive kind, specific and helpful feedback on drafts and revise "
            "their work more than once. Students have real choices about how they approach the "
            "question, and the project ends with a product or presentation shared with people "
            "outside the class (for example community members, experts or younger students), "
            "which raises the stakes and the quality of the work."
        ),
        "method_components": [
            "Write an open-ended driving question that requires the target standards to answer well.",
            "Map the knowledge and skills students need and plan explicit instruction for them within the project.",
            "Build in milestones with formative checks of both content understanding and product quality.",
            "Run at least one structured critique protocol and require revision of drafts.",
            "Give students meaningful choices in how they investigate and present.",
            "Arrange for students to present to an audience beyond the classroom and gather that audience's feedback.",
        ],
        "research": (
            "Thomas's 2000 review of research on project-based learning found promising evidence "
            "for gains in students' ability to apply knowledge and solve problems, while noting "
            "that results depended heavily on how projects were designed and supported. "
            "Hmelo-Silver's 2004 review of problem-based learning reached a similar conclusion: "
            "inquiry-based approaches work when teachers provide substantial scaffolding. "
            "Kirschner, Sweller and Clark (2006) caution that minimally guided instruction is "
            "ineffective for novices, which is why this credential requires explicit teaching "
            "within the project.\n\n"
            "Ron Berger's 'An Ethic of Excellence' (2003) describes how models, critique and "
            "multiple drafts, combined with work that matters to a real audience, lead students "
            "to produce work of much higher quality than they believed possible."
        ),
        "resources": [
            {"title": "PBLWorks", "url": "https://www.pblworks.org/"},
        ],
        "grade_bands": ["K-2", "3-5", "6-8", "9-12"],
        "subjects": ["All subjects"],
        "pd_hours": 25,
        "ceus": Decimal("2.5"),
        "validity_years": None,
        "requirements": [
            {
                "key": "context",
                "part": 1,
                "title": "Project context",
                "prompt": (
                    "Describe the students, the subject(s) and the standards the project addressed, "
                    "its length, and the audience students presented to. Why was this driving "
                    "question meaningful to these students?"
                ),
                "kind": "text",
                "word_limit": 350,
                "required": True,
            },
            {
                "key": "project-plan",
                "part": 2,
                "title": "Project plan",
                "prompt": (
                    "Upload the project plan: the driving question, target standards, milestones, "
                    "lessons for explicit instruction, critique points, student choices, and how "
                    "individual learning was assessed."
                ),
                "kind": "artifact",
                "accepted_types": ["document"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "drafts-and-revisions",
                "part": 2,
                "title": "Drafts, critique and revisions",
                "prompt": (
                    "Upload at least two drafts and the final product from two students, with the "
                    "critique feedback each received between drafts. Remove student names and "
                    "identifying details."
                ),
                "kind": "artifact",
                "accepted_types": ["document", "image"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "public-presentation",
                "part": 2,
                "title": "Evidence of the public presentation",
                "prompt": (
                    "Upload evidence of students presenting to the outside audience: a short video "
                    "(up to 10 minutes), photos, or the event programme. Only include students whose "
                    "families have consented under your school's policy; otherwise photograph "
                    "products and audience without showing student faces."
                ),
                "kind": "artifact",
                "accepted_types": ["video", "image", "document"],
                "max_size_mb": 5120,
                "required": True,
            },
            {
                "key": "audience-feedback",
                "part": 2,
                "title": "Audience feedback (optional)",
                "prompt": (
                    "Optionally upload feedback from audience members, such as comment cards or a "
                    "short survey summary."
                ),
                "kind": "artifact",
                "accepted_types": ["document", "image"],
                "max_size_mb": 25,
                "required": False,
            },
            {
                "key": "reflection",
                "part": 3,
                "title": "Reflection",
                "prompt": (
                    "What evidence shows that students learned the target content, not only that "
                    "they produced a good product? How did critique and the outside audience affect "
                    "the quality of work? What would you redesign before running this project again?"
                ),
                "kind": "text",
                "word_limit": 600,
                "required": True,
            },
        ],
        "rubric": [
            {
                "title": "Driving question and standards alignment",
                "description": "The project is built around an open question that requires the target learning.",
                "requirements": ["context", "project-plan"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "The project is an end-of-unit activity, or the question can be answered without the target standards (for example 'Make a poster about volcanoes').",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "The driving question is open and relevant, but the plan lacks explicit instruction or individual assessment of the standards.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "The open driving question requires the target standards, and the plan includes explicit lessons, milestones and individual assessment of learning.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and students helped shape the question or their line of inquiry within it.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Critique and revision",
                "description": "Structured critique leads to substantive improvement in student work.",
                "requirements": ["drafts-and-revisions"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "Only final products are shown, or feedback consists of grades or general praise.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "Critique occurred, but drafts show only surface changes (spelling, decoration) rather than improvements in content.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "Feedback is specific and tied to criteria, and later drafts show substantive improvements that respond to it.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and peer critique is as specific as the educator's, showing students have learned to critique.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Authentic audience and product",
                "description": "Students share work with a real audience for whom it has value.",
                "requirements": ["public-presentation", "audience-feedback"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "Work is shared only with the teacher or classmates.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "An outside audience attends, but only watches; the product is not something the audience could use or respond to.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "Students present to people outside the class who engage with the work (asking questions, giving feedback or using the product).",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and the product has a use or effect beyond the event (for example adopted by a community group or placed in a public space).",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Reflection on learning",
                "description": "The educator distinguishes content learning from product quality and plans improvements.",
                "requirements": ["reflection"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "The reflection focuses on student enjoyment or the event without evidence of content learning.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "The reflection cites individual assessment evidence of content learning, explains the effect of critique and audience, and names specific redesigns.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and analyses which students learned less from the project and how the design could better support them.",
                        "passing": True,
                    },
                ],
            },
        ],
    },
    {
        "slug": "student-led-academic-discussion",
        "title": "Student-Led Academic Discussion",
        "focus_area": "deeper-learning",
        "competency": {
            "name": "Preparing students to lead discussion",
            "statement": (
                "The educator prepares students to lead a discussion of a text or problem in which "
                "they build on, question and challenge each other's ideas with evidence, while the "
                "educator steps out of the centre of the conversation."
            ),
        },
        "key_method": (
            "In many classroom 'discussions' the teacher asks, a student answers, and the teacher "
            "evaluates. Student-led discussion breaks that pattern. The educator chooses a text or "
            "problem with a genuinely open question, has students prepare by annotating evidence "
            "and drafting their position, and explicitly teaches a small set of talk moves (for "
            "example adding on, asking for clarification, disagreeing respectfully with evidence). "
            "Norms for participation are agreed in advance. During the discussion the educator "
            "says as little as possible, intervening only to deepen reasoning or protect "
            "participation, while tracking who speaks and how. Afterwards students assess the "
            "discussion against the norms and set a goal for next time."
        ),
        "method_components": [
            "Select a text, problem or question with genuine room for disagreement and evidence-based reasoning.",
            "Have students prepare in writing, with evidence, before the discussion.",
            "Teach and rehearse three or four specific talk moves and post them where students can see them.",
            "Agree discussion norms, including how to bring in quieter voices.",
            "Limit educator talk to brief moves that deepen reasoning or widen participation, and map who speaks.",
            "Debrief with students using the participation map and set a group goal for the next discussion.",
        ],
        "research": (
            "Nystrand's research on classroom discourse, reported in 'Opening Dialogue' (1997), "
            "found that authentic questions and genuine discussion were rare in English classes "
            "but were associated with stronger literature understanding. Applebee, Langer, "
            "Nystrand and Gamoran (2003) later found that discussion-based approaches were "
            "linked to higher literacy performance across a range of schools and student "
            "groups.\n\n"
            "Work on Accountable Talk by Michaels, O'Connor and Resnick describes norms and "
            "teacher moves that keep discussion accountable to the learning community, to "
            "accurate knowledge and to rigorous reasoning. Mercer's studies of 'exploratory talk' "
            "in primary classrooms similarly show that students reason better together when they "
            "have been explicitly taught ground rules for talk."
        ),
        "resources": [
            {"title": "Edutopia", "url": "https://www.edutopia.org/"},
        ],
        "grade_bands": ["3-5", "6-8", "9-12"],
        "subjects": [
            "English language arts",
            "Social studies",
            "Science",
            "Mathematics",
            "World languages",
        ],
        "pd_hours": 15,
        "ceus": Decimal("1.5"),
        "validity_years": None,
        "requirements": [
            {
                "key": "context",
                "part": 1,
                "title": "Context",
                "prompt": (
                    "Describe the class, the text or problem discussed, and the discussion question. "
                    "How experienced are these students with student-led discussion? Which students "
                    "tend to dominate or stay silent, and what did you plan to do about it?"
                ),
                "kind": "text",
                "word_limit": 300,
                "required": True,
            },
            {
                "key": "discussion-plan",
                "part": 2,
                "title": "Preparation materials and plan",
                "prompt": (
                    "Upload the preparation task students completed, the talk moves and norms you "
                    "taught (with the lesson in which you taught them), and your plan for the "
                    "discussion, including your intended role."
                ),
                "kind": "artifact",
                "accepted_types": ["document"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "discussion-video",
                "part": 2,
                "title": "Discussion video",
                "prompt": (
                    "Upload a 15 to 25 minute unedited video of the student-led discussion. Use an "
                    "external microphone if possible so that student voices are clear. Follow your "
                    "school's consent policy for recording students; students without permission "
                    "may participate off camera."
                ),
                "kind": "artifact",
                "accepted_types": ["video"],
                "max_size_mb": 5120,
                "required": True,
            },
            {
                "key": "participation-map",
                "part": 2,
                "title": "Participation map",
                "prompt": (
                    "Upload the participation map or tally you kept during the discussion, using "
                    "codes or initials rather than names, showing who spoke and the type of "
                    "contribution (for example new idea, evidence, building on, question)."
                ),
                "kind": "artifact",
                "accepted_types": ["document", "image"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "student-self-assessment",
                "part": 2,
                "title": "Student self-assessments (optional)",
                "prompt": (
                    "Optionally upload de-identified student self-assessments of the discussion or "
                    "the group goal they set."
                ),
                "kind": "artifact",
                "accepted_types": ["document", "image"],
                "max_size_mb": 25,
                "required": False,
            },
            {
                "key": "reflection",
                "part": 3,
                "title": "Reflection",
                "prompt": (
                    "Using the video and the participation map, describe a moment when students "
                    "built on or challenged each other's reasoning. Whose voices were missing, and "
                    "why? What will you change in preparation, talk-move instruction or your own "
                    "role before the next discussion?"
                ),
                "kind": "text",
                "word_limit": 500,
                "required": True,
            },
        ],
        "rubric": [
            {
                "title": "Preparing students",
                "description": "Students are ready to contribute substantive, evidence-based ideas.",
                "requirements": ["context", "discussion-plan"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "The question has a single correct answer, or students come to the discussion without any preparation task.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "Students prepare, but talk moves and norms are not explicitly taught, or the question invites opinion without evidence.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "An open question, a written preparation task with evidence, and explicitly taught talk moves and norms are all in place.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and preparation is scaffolded for students who need it (for example sentence frames or partner rehearsal) without scripting their ideas.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Quality of student-to-student discourse",
                "description": "Students respond to one another and reason with evidence.",
                "requirements": ["discussion-video"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "Students take turns stating prepared answers without responding to one another.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "Some students respond to each other, but mostly by agreeing; claims are seldom backed by evidence.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "Students regularly use taught talk moves to build on, question or challenge one another, and most claims are supported with evidence from the text or problem.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and students revise their positions in response to peers' evidence, saying so explicitly.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Educator's facilitative role",
                "description": "The educator steps back while intervening strategically.",
                "requirements": ["discussion-video"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "The educator speaks after most student turns, asks most questions, or evaluates contributions.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "The educator talks less, but interventions summarise or redirect rather than deepen reasoning or widen participation.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "The educator speaks rarely and briefly, and each intervention pushes for reasoning or brings in a new voice.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and student facilitators take on these moves themselves during the discussion.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Equity of participation",
                "description": "Participation is tracked and spread across the class.",
                "requirements": ["participation-map", "student-self-assessment"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "No participation record is provided, or the map shows a few students making nearly all contributions with no response from the educator.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "The map records who spoke but not the type of contribution, or shows large gaps in participation that the plan did not address.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "The map records who spoke and how, and shows most students contributing at least once, including several identified in Part 1 as quieter.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and students use the map in the debrief to set a group participation goal.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Reflection",
                "description": "The educator analyses the discussion with evidence and plans next steps.",
                "requirements": ["reflection"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "The reflection gives a general impression without citing moments from the video or data from the map.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "The reflection analyses a specific exchange, explains missing voices using the map, and names concrete changes for the next discussion.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and outlines a sequence of discussions that will progressively transfer facilitation to students.",
                        "passing": True,
                    },
                ],
            },
        ],
    },
    # =======================================================================
    # Learner motivation
    # =======================================================================
    {
        "slug": "meaningful-student-choice",
        "title": "Autonomy Through Meaningful Choice",
        "focus_area": "learner-motivation",
        "competency": {
            "name": "Autonomy-supportive teaching",
            "statement": (
                "The educator offers students meaningful, bounded choices about how they learn or "
                "show their learning, explains the reasons behind tasks, and acknowledges students' "
                "perspectives, while holding every option to the same learning goal and standard."
            ),
        },
        "key_method": (
            "Choice supports motivation when it is meaningful to students and does not come at the "
            "cost of rigour. The educator identifies a dimension of a task where choice matters "
            "(such as topic, text, product format, order of work or working arrangement) and "
            "offers a small number of options, each aligned to the same learning goal and success "
            "criteria. When introducing the task, the educator explains why it is worth doing, "
            "uses invitational rather than controlling language, and invites students' questions "
            "and concerns. Students are coached to choose well, for example by considering which "
            "option will stretch them, and the educator checks that the quality of work is "
            "comparable across options."
        ),
        "method_components": [
            "Identify a dimension of the task where choice is meaningful to students.",
            "Offer two to four options, all aligned to the same learning goal and success criteria.",
            "Explain the purpose of the task and why it is worth students' effort.",
            "Use invitational language and acknowledge students' perspectives and concerns.",
            "Coach students to make choices that stretch them rather than the easiest option.",
            "Check that work across options meets the same standard.",
        ],
        "research": (
            "Self-determination theory, developed by Deci and Ryan and summarised in Ryan and "
            "Deci's 2000 American Psychologist article, proposes that motivation flourishes when "
            "three basic needs are met: autonomy, competence and relatedness. Reeve's research on "
            "autonomy-supportive teaching describes concrete teacher behaviours, such as providing "
            "rationales, acknowledging negative feelings and using non-controlling language, that "
            "are associated with greater student engagement.\n\n"
            "Patall, Cooper and Robinson's 2008 meta-analysis of research on choice found that "
            "providing choices generally increased intrinsic motivation and effort, but that the "
            "benefits depended on how choice was offered; too many options, or choices students "
            "saw as trivial, reduced the benefit. This credential therefore asks for a small "
            "number of substantive options."
        ),
        "resources": [
            {
                "title": "Center for Self-Determination Theory",
                "url": "https://selfdeterminationtheory.org/",
            },
            {
                "title": "CAST Universal Design for Learning Guidelines",
                "url": "https://udlguidelines.cast.org/",
            },
        ],
        "grade_bands": ["K-2", "3-5", "6-8", "9-12"],
        "subjects": ["All subjects"],
        "pd_hours": 12,
        "ceus": Decimal("1.2"),
        "validity_years": None,
        "requirements": [
            {
                "key": "context",
                "part": 1,
                "title": "Context",
                "prompt": (
                    "Describe the class, the learning goal, and the signs of motivation or "
                    "disengagement you had noticed. What dimension of the task did you open to "
                    "choice, and why did you expect it to matter to these students?"
                ),
                "kind": "text",
                "word_limit": 300,
                "required": True,
            },
            {
                "key": "choice-task",
                "part": 2,
                "title": "Task with choices and shared success criteria",
                "prompt": (
                    "Upload the task as students received it, showing the options, the success "
                    "criteria that apply to every option, and any guidance you gave students on "
                    "choosing."
                ),
                "kind": "artifact",
                "accepted_types": ["document"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "launch-recording",
                "part": 2,
                "title": "Recording of the task launch",
                "prompt": (
                    "Upload a 5 to 10 minute audio or video recording of you introducing the task "
                    "to students, including how you explained its purpose and responded to student "
                    "questions. If recording video, follow your school's consent policy and keep "
                    "students without permission out of frame."
                ),
                "kind": "artifact",
                "accepted_types": ["video", "audio"],
                "max_size_mb": 5120,
                "required": True,
            },
            {
                "key": "student-work",
                "part": 2,
                "title": "Student work across options",
                "prompt": (
                    "Upload three de-identified student work samples, each from a different option, "
                    "and briefly explain how each meets (or does not yet meet) the shared success "
                    "criteria."
                ),
                "kind": "artifact",
                "accepted_types": ["document", "image"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "student-voice",
                "part": 2,
                "title": "Student voice (optional)",
                "prompt": (
                    "Optionally upload a summary of a short anonymous survey or exit slip asking "
                    "students how the choice affected their effort and interest."
                ),
                "kind": "artifact",
                "accepted_types": ["document"],
                "max_size_mb": 25,
                "required": False,
            },
            {
                "key": "reflection",
                "part": 3,
                "title": "Reflection",
                "prompt": (
                    "How did students choose, and did any options attract students for the wrong "
                    "reasons (for example because they looked easier)? What evidence do you have "
                    "about effort and engagement compared with similar tasks? What will you change "
                    "about the choices or how you introduced them?"
                ),
                "kind": "text",
                "word_limit": 500,
                "required": True,
            },
        ],
        "rubric": [
            {
                "title": "Meaningful, aligned choices",
                "description": "Options matter to students and all lead to the same learning goal.",
                "requirements": ["context", "choice-task"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "Choices are trivial (for example pen colour) or options target different learning goals.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "Options are meaningful, but there are too many to choose between sensibly or the success criteria do not clearly apply to all options.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "Two to four meaningful options share one learning goal and one set of success criteria, and students receive guidance on choosing.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and students had a hand in generating or shaping at least one option.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Autonomy-supportive communication",
                "description": "The task launch explains purpose and uses non-controlling language.",
                "requirements": ["launch-recording"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "The launch relies on pressure or rewards ('This is graded', 'You have to') with no explanation of why the task matters.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "A rationale is given, but student questions or concerns are dismissed or not invited.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "The educator gives a clear rationale, uses invitational language, and invites and responds respectfully to student questions or concerns.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and the educator acknowledges that the task is challenging and helps students plan how to tackle it.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Consistent rigour across options",
                "description": "Work from every option meets the same standard.",
                "requirements": ["student-work"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "Samples show that some options required much less thinking than others, or samples are not evaluated against shared criteria.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "Samples are evaluated against the criteria, but one option clearly allowed students to avoid a key part of the goal.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "Samples from all three options are evaluated against the shared criteria, and each option required the core thinking of the learning goal.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and the analysis shows how particular options allowed particular students to show understanding they had not shown before.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Reflection",
                "description": "The educator examines how students chose and the effect on engagement.",
                "requirements": ["reflection", "student-voice"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "The reflection asserts that students were more engaged without evidence or analysis of how they chose.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "The reflection analyses choice patterns, compares engagement evidence with a similar task, and names a specific change.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and uses student voice to explain differences in how groups of students experienced the choice.",
                        "passing": True,
                    },
                ],
            },
        ],
    },
    {
        "slug": "relevance-through-utility-value",
        "title": "Making Learning Relevant Through Student-Generated Connections",
        "focus_area": "learner-motivation",
        "competency": {
            "name": "Fostering perceived relevance",
            "statement": (
                "The educator learns about students' interests and goals and uses structured "
                "reflection prompts that lead students to discover for themselves how course "
                "content connects to their lives."
            ),
        },
        "key_method": (
            "Telling students that content is useful rarely convinces them, and can backfire for "
            "students who doubt their ability. A more effective approach is to have students "
            "generate the connections themselves. The educator first learns about students' "
            "interests, experiences and goals, then at several points in a unit asks students to "
            "write briefly about how what they are learning relates to their own lives, a "
            "situation they care about, or a future goal. Prompts are open enough that students "
            "can make personal connections, and the educator responds to the writing and weaves "
            "students' connections back into later lessons."
        ),
        "method_components": [
            "Gather information about students' interests, experiences and goals early in the unit.",
            "Write open prompts that ask students to connect specific content to their own lives or goals.",
            "Schedule at least three brief relevance reflections across the unit, each tied to current content.",
            "Let students generate connections instead of telling them why the content matters.",
            "Respond to students' writing and use their connections as examples in later lessons.",
            "Watch for students with low confidence and check that the reflections support rather than pressure them.",
        ],
        "research": (
            "Expectancy-value theory, developed by Eccles and colleagues, holds that students' "
            "motivation depends both on whether they expect to succeed and on how much they value "
            "a task, including its usefulness for their own goals. Hulleman and Harackiewicz "
            "(2009, Science) found that asking high-school science students to write about the "
            "relevance of course material to their own lives raised interest and grades, "
            "especially for students who had low expectations of success.\n\n"
            "Canning and Harackiewicz (2015) compared telling students why material was useful "
            "with having students generate the connections themselves, and found that directly "
            "communicated value could undermine performance for students with low confidence, "
            "while self-generated connections did not. The method therefore emphasises "
            "student-generated reflection over teacher assertion."
        ),
        "resources": [
            {
                "title": "Center for Self-Determination Theory",
                "url": "https://selfdeterminationtheory.org/",
            },
        ],
        "grade_bands": ["6-8", "9-12"],
        "subjects": ["All subjects"],
        "pd_hours": 10,
        "ceus": Decimal("1.0"),
        "validity_years": None,
        "requirements": [
            {
                "key": "context",
                "part": 1,
                "title": "Context",
                "prompt": (
                    "Describe the class and the unit. Why might students in this class see the "
                    "content as irrelevant? What did you already know about their interests and "
                    "goals before you began?"
                ),
                "kind": "text",
                "word_limit": 300,
                "required": True,
            },
            {
                "key": "interest-survey",
                "part": 2,
                "title": "Interest survey and summary",
                "prompt": (
                    "Upload the survey or other tool you used to learn about students' interests "
                    "and goals, and a one-page anonymous summary of what you learned."
                ),
                "kind": "artifact",
                "accepted_types": ["document"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "relevance-prompts",
                "part": 2,
                "title": "Relevance prompts in the unit plan",
                "prompt": (
                    "Upload the relevant parts of your unit plan showing at least three relevance "
                    "reflection prompts, when they occur, the content each relates to, and how you "
                    "planned to respond to or use students' writing."
                ),
                "kind": "artifact",
                "accepted_types": ["document"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "student-writing",
                "part": 2,
                "title": "Student reflections",
                "prompt": (
                    "Upload four de-identified student reflections, including at least one from a "
                    "student who had low confidence in the subject, with your responses to them."
                ),
                "kind": "artifact",
                "accepted_types": ["document", "image"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "reflection",
                "part": 3,
                "title": "Reflection",
                "prompt": (
                    "What kinds of connections did students make, and which surprised you? How did "
                    "you use students' connections in later lessons? What changes in engagement, "
                    "effort or performance did you observe, particularly among less confident "
                    "students?"
                ),
                "kind": "text",
                "word_limit": 500,
                "required": True,
            },
        ],
        "rubric": [
            {
                "title": "Learning about students",
                "description": "The educator gathers and uses information about students' interests and goals.",
                "requirements": ["context", "interest-survey"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "No information about students' interests was gathered, or the summary is generic ('students like sports and video games').",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "The survey asks about interests, experiences and goals, and the summary identifies specific themes relevant to the unit.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and the summary notes differences among students that shaped how prompts were worded or supported.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Design of relevance prompts",
                "description": "Prompts lead students to generate their own connections to specific content.",
                "requirements": ["relevance-prompts"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "Fewer than three prompts, or prompts tell students why the content matters rather than asking them.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "Three prompts ask students to make connections, but they are generic ('Why is math important?') rather than tied to specific content.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "At least three prompts, spaced across the unit, ask students to connect specific current content to their own lives or goals, with a plan to use the responses.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and prompts offer several entry points (for example personal, community or future goal) so every student can connect.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Quality of student connections and educator response",
                "description": "Students make specific, personal connections and the educator responds.",
                "requirements": ["student-writing"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "Student reflections are very brief or repeat teacher language, and there are no educator responses.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "Reflections show some personal connection, but educator responses are limited to praise or grades.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "Most reflections make a specific, personal connection to the content, and educator responses extend or affirm the connection.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and the reflection from the less confident student shows a meaningful connection that the educator followed up on.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Reflection",
                "description": "The educator analyses the effect of the approach, especially for less confident students.",
                "requirements": ["reflection"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "The reflection does not describe how student connections were used or what changed.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "The reflection describes types of connections, gives examples of using them in later lessons, and cites evidence of changes in engagement or performance.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and specifically analyses the effect on less confident students and adjusts the approach for them.",
                        "passing": True,
                    },
                ],
            },
        ],
    },
    {
        "slug": "wise-feedback-for-effort-and-trust",
        "title": "Feedback That Builds Trust and Effort",
        "focus_area": "learner-motivation",
        "competency": {
            "name": "Growth-oriented feedback",
            "statement": (
                "The educator gives feedback that conveys high standards and confidence that the "
                "student can meet them, focuses on the task and the student's strategies, and "
                "requires students to act on it."
            ),
        },
        "key_method": (
            "Critical feedback can discourage students, especially those who are unsure whether "
            "their teacher believes in them. The educator pairs honest, specific critique with an "
            "explicit message: these comments are given because the work matters, the standard is "
            "high, and the educator is confident the student can reach it. Comments address the "
            "task and the student's process (what to do next and how), are limited to one to three "
            "actionable points tied to success criteria, and avoid praise or criticism of the "
            "student's ability. Crucially, students are given time in class to act on the feedback, "
            "and the educator checks the revised work."
        ),
        "method_components": [
            "Frame critical feedback with a statement of high standards and confidence in the student's ability to meet them.",
            "Tie comments to shared success criteria.",
            "Limit comments to one to three actionable next steps focused on the task and strategies.",
            "Avoid labelling the student's ability, positively or negatively.",
            "Provide class time for students to revise in response to feedback.",
            "Review revised work and acknowledge specific improvements.",
        ],
        "research": (
            "Yeager and colleagues (2014) found that when middle-school students received critical "
            "essay feedback accompanied by a brief note stating that the teacher had high "
            "standards and believed the student could meet them, students were considerably more "
            "likely to revise their essays, with especially large effects for African American "
            "students, for whom mistrust of school feedback was a greater barrier.\n\n"
            "Hattie and Timperley's 2007 review distinguishes feedback about the task, the process, "
            "self-regulation and the self, and concludes that feedback about the self (such as "
            "'You're so clever') is the least effective. Mueller and Dweck (1998) showed that "
            "praising children's intelligence, rather than their effort or strategies, made them "
            "less willing to take on challenges after a setback. Kluger and DeNisi's 1996 "
            "meta-analysis found that a substantial share of feedback interventions actually "
            "reduced performance, often when feedback drew attention to the self rather than the "
            "task."
        ),
        "resources": [
            {"title": "Edutopia", "url": "https://www.edutopia.org/"},
        ],
        "grade_bands": ["3-5", "6-8", "9-12"],
        "subjects": ["All subjects"],
        "pd_hours": 10,
        "ceus": Decimal("1.0"),
        "validity_years": None,
        "requirements": [
            {
                "key": "context",
                "part": 1,
                "title": "Context",
                "prompt": (
                    "Describe the class and the assignment students received feedback on, "
                    "including its success criteria. How do students in this class usually respond "
                    "to critical feedback? Are there students or groups for whom trust in feedback "
                    "may be a concern?"
                ),
                "kind": "text",
                "word_limit": 300,
                "required": True,
            },
            {
                "key": "feedback-samples",
                "part": 2,
                "title": "Student work with feedback",
                "prompt": (
                    "Upload first drafts from four students showing the written feedback you gave, "
                    "including the framing statement. Choose students with a range of performance. "
                    "Remove names and identifying details."
                ),
                "kind": "artifact",
                "accepted_types": ["document", "image"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "revised-work",
                "part": 2,
                "title": "Revised work",
                "prompt": (
                    "Upload the revised versions from the same four students, with the changes "
                    "that respond to your feedback highlighted, and note how many students in the "
                    "class revised."
                ),
                "kind": "artifact",
                "accepted_types": ["document", "image"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "conference-audio",
                "part": 2,
                "title": "Spoken feedback conference (optional)",
                "prompt": (
                    "Optionally upload a 3 to 8 minute audio recording of a feedback conference "
                    "with one student, using first names only and with permission under your "
                    "school's policy."
                ),
                "kind": "artifact",
                "accepted_types": ["audio"],
                "max_size_mb": 500,
                "required": False,
            },
            {
                "key": "reflection",
                "part": 3,
                "title": "Reflection",
                "prompt": (
                    "How did students respond to the framing and the comments? Compare the revision "
                    "rate and quality with earlier assignments. Which of your comments led to the "
                    "strongest revisions, and what made them effective? What will you change?"
                ),
                "kind": "text",
                "word_limit": 500,
                "required": True,
            },
        ],
        "rubric": [
            {
                "title": "Task- and process-focused comments",
                "description": "Comments are specific, actionable, limited in number and tied to criteria.",
                "requirements": ["feedback-samples"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "Feedback is a grade, general praise ('Great job!') or a long list of corrections with no indication of priorities.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "Comments are specific but describe what is wrong rather than what to do next, or exceed three points per student.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "Each student receives one to three comments that name a next step linked to the success criteria and suggest how to do it.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and comments are pitched differently for students at different levels so each is challenged.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "High expectations with assurance",
                "description": "Feedback communicates high standards and confidence in the student.",
                "requirements": ["feedback-samples", "conference-audio"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "No framing is present, or comments label ability ('You're a natural', 'This isn't your strength').",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "A framing statement appears, but it is a stock phrase disconnected from the comments or the student's work.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "Each sample includes a sincere statement of high standards and confidence in the student, consistent with the specific comments that follow.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and the framing refers to evidence of the student's past growth to make the confidence credible.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Student action on feedback",
                "description": "Students revise their work in response to feedback.",
                "requirements": ["revised-work"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "No revised work is shown, or revisions were optional and few students made them.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "Students revised, but changes are superficial or unrelated to the comments.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "All four revised samples show changes that respond directly to the comments, and most of the class revised.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and revisions go beyond the comments, showing students applying the criteria on their own.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Reflection",
                "description": "The educator evaluates the feedback's effect using evidence.",
                "requirements": ["context", "reflection"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "The reflection does not compare revision rates or analyse which comments were effective.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "The reflection compares revision rate and quality with earlier work, identifies features of the most effective comments, and names a change.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and considers how students identified in Part 1 as less trusting of feedback responded.",
                        "passing": True,
                    },
                ],
            },
        ],
    },
    # =======================================================================
    # STEM teaching
    # =======================================================================
    {
        "slug": "orchestrating-mathematics-discussions",
        "title": "Orchestrating Productive Mathematics Discussions",
        "focus_area": "stem-teaching",
        "competency": {
            "name": "Orchestrating discussion around student strategies",
            "statement": (
                "The educator launches a cognitively demanding mathematics task and anticipates, "
                "monitors, selects, sequences and connects student strategies to build a "
                "whole-class discussion toward a clear mathematical goal."
            ),
        },
        "key_method": (
            "Whole-class discussion of student work can easily become a parade of unrelated "
            "methods. The educator prevents this by planning. Starting from a precise mathematical "
            "goal and a task with high cognitive demand, the educator solves the task in multiple "
            "ways and anticipates the strategies and errors students are likely to produce. While "
            "students work, the educator monitors with a chart of those strategies, asking "
            "questions that assess and advance thinking. The educator then selects a few pieces of "
            "student work that serve the goal, sequences them deliberately (for example from "
            "concrete to abstract, or from a common error to a correct approach), and leads "
            "students to connect the strategies to each other and to the key mathematical idea."
        ),
        "method_components": [
            "Set a precise mathematical goal and choose a task of high cognitive demand that serves it.",
            "Anticipate correct and incorrect strategies, with questions to assess and advance each.",
            "Monitor students' work using a planned chart, noting who uses which strategy.",
            "Select a small number of student solutions that move the class toward the goal.",
            "Sequence the selected solutions purposefully.",
            "Lead students to compare and connect strategies and to name the underlying mathematics.",
        ],
        "research": (
            "Smith and Stein's '5 Practices for Orchestrating Productive Mathematics Discussions' "
            "(NCTM, 2011), building on Stein, Engle, Smith and Hughes (2008), set out the five "
            "practices of anticipating, monitoring, selecting, sequencing and connecting, preceded "
            "by setting goals and choosing a task. The framework was developed to help teachers "
            "use student thinking productively without reducing the demands of the task.\n\n"
            "Earlier work by Stein and colleagues on the QUASAR project showed that tasks of high "
            "cognitive demand often decline into routine procedures during lessons, and that "
            "students learned most where high demand was maintained. NCTM's 'Principles to "
            "Actions' (2014) includes facilitating meaningful mathematical discourse and using "
            "tasks that promote reasoning and problem solving among its effective teaching "
            "practices."
        ),
        "resources": [
            {
                "title": "National Council of Teachers of Mathematics",
                "url": "https://www.nctm.org/",
            },
            {"title": "youcubed", "url": "https://www.youcubed.org/"},
        ],
        "grade_bands": ["K-2", "3-5", "6-8", "9-12"],
        "subjects": ["Mathematics"],
        "pd_hours": 20,
        "ceus": Decimal("2.0"),
        "validity_years": None,
        "requirements": [
            {
                "key": "context",
                "part": 1,
                "title": "Context and mathematical goal",
                "prompt": (
                    "Describe the class and where this lesson sits in the unit. State the "
                    "mathematical goal in terms of the understanding you wanted students to reach "
                    "(not only the activity). Why does this task serve that goal?"
                ),
                "kind": "text",
                "word_limit": 300,
                "required": True,
            },
            {
                "key": "planning-document",
                "part": 2,
                "title": "Task and planning document",
                "prompt": (
                    "Upload the task and your planning document: anticipated strategies and errors, "
                    "assessing and advancing questions for each, your monitoring chart (completed "
                    "during the lesson, using student initials or codes), and your planned selection "
                    "and sequence with reasons."
                ),
                "kind": "artifact",
                "accepted_types": ["document", "image"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "selected-work",
                "part": 2,
                "title": "Selected student work",
                "prompt": (
                    "Upload images of the student solutions you selected for the discussion, in the "
                    "order they were shared, with names removed."
                ),
                "kind": "artifact",
                "accepted_types": ["image", "document"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "discussion-video",
                "part": 2,
                "title": "Discussion video",
                "prompt": (
                    "Upload a 15 to 25 minute unedited video of the whole-class discussion of the "
                    "selected solutions. Make sure the student work being discussed and student "
                    "voices are visible and audible. Follow your school's consent policy for "
                    "recording students."
                ),
                "kind": "artifact",
                "accepted_types": ["video"],
                "max_size_mb": 5120,
                "required": True,
            },
            {
                "key": "reflection",
                "part": 3,
                "title": "Reflection",
                "prompt": (
                    "Which strategies did you anticipate and which surprised you? Explain how your "
                    "selection and sequence helped (or did not help) students reach the goal. What "
                    "evidence shows whether students made the intended connection?"
                ),
                "kind": "text",
                "word_limit": 500,
                "required": True,
            },
        ],
        "rubric": [
            {
                "title": "Goal and task",
                "description": "A precise mathematical goal and a task of high cognitive demand.",
                "requirements": ["context", "planning-document"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "The goal is stated as an activity ('students will solve problems') or the task can be completed by applying a given procedure.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "The task is demanding, but the goal is too broad to guide selection of student work.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "The goal names a specific mathematical understanding, and the task admits multiple strategies while requiring that understanding.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and the task has multiple entry points suited to the range of learners described in Part 1.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Anticipating and monitoring",
                "description": "The educator anticipates strategies and tracks them during the lesson.",
                "requirements": ["planning-document"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "No anticipated strategies or monitoring chart is provided.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "Strategies are anticipated but without advancing questions, or the monitoring chart was not used during the lesson.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "At least three strategies (including an error) are anticipated with assessing and advancing questions, and the completed chart shows who used each.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and the chart records unanticipated strategies and how the educator responded.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Selecting and sequencing",
                "description": "Student work is chosen and ordered to build toward the goal.",
                "requirements": ["selected-work", "planning-document"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "Students share in the order they volunteer, or every group presents.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "Work is selected, but the reasons are about presentation quality or fairness rather than the mathematical goal.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "Two to four solutions are selected for their relation to the goal and sequenced with a stated mathematical rationale.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and the sequence deliberately includes a productive error or partial strategy that sets up the key idea.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Connecting strategies to the mathematics",
                "description": "Students compare strategies and articulate the underlying idea.",
                "requirements": ["discussion-video"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "Presenters explain their methods one after another with no comparison; the educator summarises the 'right way' at the end.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "The educator points out connections, but students are not asked to make them.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "The educator asks questions that lead students to compare strategies, and students themselves articulate how the strategies relate to the key idea.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and students other than the presenters explain and connect strategies, showing the idea has spread beyond a few students.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Reflection",
                "description": "The educator evaluates the discussion against the goal.",
                "requirements": ["reflection"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "The reflection describes the lesson without evaluating whether students reached the goal.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "The reflection compares anticipated with actual strategies, evaluates the sequence, and cites evidence of whether students made the intended connection.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and proposes a specific change to the task or sequence that would help students who did not make the connection.",
                        "passing": True,
                    },
                ],
            },
        ],
    },
    {
        "slug": "scientific-modeling-and-revision",
        "title": "Students Developing and Revising Scientific Models",
        "focus_area": "stem-teaching",
        "competency": {
            "name": "Model-based science teaching",
            "statement": (
                "The educator engages students in developing, testing and revising models that "
                "explain a phenomenon, using evidence from investigations and discussion to "
                "reach a class consensus model."
            ),
        },
        "key_method": (
            "In science, a model is a tool for explaining and predicting, not a finished diagram to "
            "copy. The educator anchors a sequence of lessons in an observable phenomenon that "
            "students cannot yet fully explain. Students draw initial models that include "
            "unobservable mechanisms (for example particles or forces) and show their current "
            "thinking, then carry out investigations or analyse data that test parts of those "
            "models. Students revise their models in response to evidence, writing what they "
            "changed and why, and the class works toward a consensus model through structured "
            "discussion. Students also discuss the limitations of their models."
        ),
        "method_components": [
            "Anchor the unit in a phenomenon students can observe but cannot yet fully explain.",
            "Have students draw initial models that show mechanisms, not only what is visible.",
            "Plan investigations or data analysis that test specific parts of students' models.",
            "Require students to revise their models and explain each change with evidence.",
            "Facilitate a consensus discussion in which students argue for model components with evidence.",
            "Ask students to identify what their model cannot explain.",
        ],
        "research": (
            "The National Research Council's 'A Framework for K-12 Science Education' (2012) "
            "identifies developing and using models as one of eight science and engineering "
            "practices, and the Next Generation Science Standards build on it. Windschitl, "
            "Thompson and Braaten (2008) argued for model-based inquiry as an alternative to the "
            "linear 'scientific method', in which investigations serve to test and revise "
            "explanatory models.\n\n"
            "Schwarz and colleagues (2009) proposed a learning progression for scientific "
            "modelling in which students come to see models as tools for predicting and explaining "
            "that change as evidence accumulates, rather than as literal copies of reality. "
            "Repeated cycles of revision, with students explaining why they changed their models, "
            "are central to that progression."
        ),
        "resources": [
            {
                "title": "Next Generation Science Standards",
                "url": "https://www.nextgenscience.org/",
            },
            {"title": "PhET Interactive Simulations", "url": "https://phet.colorado.edu/"},
        ],
        "grade_bands": ["3-5", "6-8", "9-12"],
        "subjects": ["Science"],
        "pd_hours": 20,
        "ceus": Decimal("2.0"),
        "validity_years": None,
        "requirements": [
            {
                "key": "context",
                "part": 1,
                "title": "Context and phenomenon",
                "prompt": (
                    "Describe the class, the phenomenon, and the disciplinary core idea the model "
                    "should explain. Why is this phenomenon puzzling for these students, and what "
                    "ideas did you expect them to bring?"
                ),
                "kind": "text",
                "word_limit": 300,
                "required": True,
            },
            {
                "key": "unit-plan",
                "part": 2,
                "title": "Lesson sequence",
                "prompt": (
                    "Upload the lesson sequence showing when students build initial models, which "
                    "investigations or data test which parts of the model, when revisions happen, "
                    "and how the consensus discussion is structured."
                ),
                "kind": "artifact",
                "accepted_types": ["document"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "student-models",
                "part": 2,
                "title": "Initial and revised student models",
                "prompt": (
                    "Upload initial and revised models from three students, with their written "
                    "explanations of what they changed and why. Remove names before uploading."
                ),
                "kind": "artifact",
                "accepted_types": ["image", "document"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "consensus-video",
                "part": 2,
                "title": "Consensus discussion video",
                "prompt": (
                    "Upload a 10 to 20 minute unedited video of the class working toward a "
                    "consensus model. The models being discussed should be visible. Follow your "
                    "school's consent policy for recording students and keep students without "
                    "permission out of frame."
                ),
                "kind": "artifact",
                "accepted_types": ["video"],
                "max_size_mb": 5120,
                "required": True,
            },
            {
                "key": "reflection",
                "part": 3,
                "title": "Reflection",
                "prompt": (
                    "How did students' models change, and which piece of evidence drove the most "
                    "important revision? What did students identify as limitations of the consensus "
                    "model? What would you change in the sequence?"
                ),
                "kind": "text",
                "word_limit": 500,
                "required": True,
            },
        ],
        "rubric": [
            {
                "title": "Phenomenon and lesson sequence",
                "description": "A puzzling phenomenon and investigations that test parts of the model.",
                "requirements": ["context", "unit-plan"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "The unit begins with vocabulary or a finished diagram, and investigations are not linked to students' models.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "A phenomenon is introduced, but investigations confirm a known answer rather than test parts of students' models.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "The sequence starts from a puzzling phenomenon, and each investigation is explicitly linked to a part of the model it tests, with planned revision points.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and students' own questions about their initial models shaped which investigations were run.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Evidence-based model revision",
                "description": "Student models become more explanatory and revisions are justified with evidence.",
                "requirements": ["student-models"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "Models show only observable features, or revised models are copied from a class diagram without explanation.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "Models include mechanisms, but revisions are explained without reference to evidence ('I changed it because it was wrong').",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "Revised models explain more of the phenomenon, and each student links at least one change to specific evidence from an investigation.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and students use their revised models to make and test a prediction.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Facilitating consensus",
                "description": "Students argue for model components using evidence.",
                "requirements": ["consensus-video"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "The educator presents the correct model, or the discussion is a series of presentations without argument.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "Students propose components, but the educator decides what goes in the consensus model without asking for evidence.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "Students propose and debate model components, citing evidence, and the educator asks the class to evaluate each before it is added.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and the class identifies an unresolved question or limitation that becomes the focus of later work.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Reflection",
                "description": "The educator analyses how evidence changed student thinking.",
                "requirements": ["reflection"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "The reflection summarises activities without discussing how models changed.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "The reflection describes model changes, identifies the most influential evidence, reports students' view of limitations and proposes a change.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and analyses students whose models changed least and how the sequence could better reach them.",
                        "passing": True,
                    },
                ],
            },
        ],
    },
    {
        "slug": "teaching-debugging-in-computer-science",
        "title": "Computational Thinking Through Debugging",
        "focus_area": "stem-teaching",
        "competency": {
            "name": "Teaching systematic debugging",
            "statement": (
                "The educator explicitly teaches systematic strategies for finding and fixing errors "
                "in programs and coaches students to debug independently, treating errors as a "
                "normal and valuable part of computing."
            ),
        },
        "key_method": (
            "Students who have never been taught how to debug tend either to make random changes "
            "or to ask the teacher to fix their code. The educator teaches debugging as a "
            "deliberate process: reproduce the problem, describe what was expected and what "
            "happened, read the code or error message, trace or predict step by step, isolate the "
            "smallest section that misbehaves, change one thing at a time and test again. The "
            "process is modelled through think-alouds, practised on programs with planted bugs, "
            "and recorded in a short debugging log. When students ask for help, the educator "
            "coaches with questions rather than taking the keyboard, and the class talks about "
            "bugs as information rather than failure."
        ),
        "method_components": [
            "Model a systematic debugging process in a think-aloud, naming each step.",
            "Provide practice on programs with deliberately planted bugs of different types.",
            "Have students keep a brief debugging log: expected behaviour, actual behaviour, hypothesis, test and result.",
            "Coach students who ask for help with questions, without taking over the keyboard or mouse.",
            "Set up peer debugging routines so students consult classmates before the educator.",
            "Talk about bugs as useful information and celebrate good debugging, not just working programs.",
        ],
        "research": (
            "Wing's 2006 essay 'Computational Thinking' argued that the habits of mind of computer "
            "science, including breaking problems down and systematically testing solutions, are "
            "valuable for everyone. Brennan and Resnick's 2012 framework for computational "
            "thinking, based on young people's work in Scratch, names testing and debugging as a "
            "core computational practice, and Papert's 'Mindstorms' (1980) presented debugging as "
            "a powerful idea for learning in general: errors are something to understand and fix "
            "rather than evidence of failure.\n\n"
            "The K-12 Computer Science Framework (2016) includes testing and refining "
            "computational artifacts among its core practices across all grade bands, which makes "
            "explicit instruction in debugging a standards-aligned goal rather than an add-on."
        ),
        "resources": [
            {"title": "K-12 Computer Science Framework", "url": "https://k12cs.org/"},
            {"title": "Computer Science Teachers Association", "url": "https://csteachers.org/"},
        ],
        "grade_bands": ["3-5", "6-8", "9-12"],
        "subjects": ["Computer science", "Mathematics", "Science"],
        "pd_hours": 15,
        "ceus": Decimal("1.5"),
        "validity_years": None,
        "requirements": [
            {
                "key": "context",
                "part": 1,
                "title": "Context",
                "prompt": (
                    "Describe the class, the programming environment, and students' experience. How "
                    "did students typically respond to bugs before you taught this process (for "
                    "example waiting for help, random changes, giving up)?"
                ),
                "kind": "text",
                "word_limit": 300,
                "required": True,
            },
            {
                "key": "debugging-lesson",
                "part": 2,
                "title": "Debugging lesson and planted-bug activity",
                "prompt": (
                    "Upload the lesson plan in which you taught the debugging process, the "
                    "process poster or reference card, and the planted-bug programs with a key "
                    "listing each bug and its type (for example syntax, logic, off-by-one)."
                ),
                "kind": "artifact",
                "accepted_types": ["document"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "coaching-recording",
                "part": 2,
                "title": "Coaching recording",
                "prompt": (
                    "Upload a 10 to 15 minute video of you modelling the process and then coaching "
                    "at least one student or pair through a bug. A screen recording with audio is "
                    "acceptable. Use first names only and follow your school's consent policy; avoid "
                    "showing student faces unless permission has been given."
                ),
                "kind": "artifact",
                "accepted_types": ["video"],
                "max_size_mb": 5120,
                "required": True,
            },
            {
                "key": "debugging-logs",
                "part": 2,
                "title": "Student debugging logs",
                "prompt": (
                    "Upload debugging logs from three students, with names removed, showing at "
                    "least two bugs each, from early and later in the unit."
                ),
                "kind": "artifact",
                "accepted_types": ["document", "image"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "reflection",
                "part": 3,
                "title": "Reflection",
                "prompt": (
                    "How have students' responses to bugs changed? What does the change in their "
                    "logs show about their process? Which steps of the process are students still "
                    "skipping, and how will you address that?"
                ),
                "kind": "text",
                "word_limit": 500,
                "required": True,
            },
        ],
        "rubric": [
            {
                "title": "Explicit strategy instruction",
                "description": "The debugging process is taught explicitly and practised deliberately.",
                "requirements": ["context", "debugging-lesson"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "Debugging is not taught as a process; students are simply told to 'check their code'.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "A process is presented, but practice is limited to students' own projects, with no planted bugs or variety of bug types.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "The lesson teaches a named, step-by-step process with a reference card and provides planted-bug practice covering several bug types.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and practice is sequenced from easier to harder bugs, including at least one that produces no error message.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Modelling and coaching",
                "description": "The educator models the process and coaches without taking over.",
                "requirements": ["coaching-recording"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "The educator fixes student code directly or tells students what to change.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "The educator asks questions, but quickly points to the bug when the student hesitates.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "The think-aloud names each step, and during coaching the educator's questions lead the student to form and test a hypothesis without taking the keyboard.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and the educator ends the coaching by asking the student to name the strategy that worked, so it can be reused.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Student debugging process",
                "description": "Logs show students using the process with growing independence.",
                "requirements": ["debugging-logs"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "Logs are missing or record only 'fixed it' without expected behaviour, hypotheses or tests.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "Logs record the problem and the fix, but hypotheses and tests are absent or guessed after the fact.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "Logs record expected and actual behaviour, a hypothesis, a test and a result, and later entries are more precise than earlier ones.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and later logs show students revising a hypothesis after a failed test rather than making random changes.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Reflection",
                "description": "The educator analyses change in students' debugging and plans next steps.",
                "requirements": ["reflection"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "The reflection does not refer to the logs or to change in student behaviour.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "The reflection uses log evidence to describe change, identifies steps still skipped, and names a targeted next step.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and describes how the class culture around errors has changed, with specific examples of student talk.",
                        "passing": True,
                    },
                ],
            },
        ],
    },
    # =======================================================================
    # Assessment design
    # =======================================================================
    {
        "slug": "unit-assessment-blueprint",
        "title": "Designing an Aligned Unit Assessment Blueprint",
        "focus_area": "assessment-design",
        "competency": {
            "name": "Assessment alignment",
            "statement": (
                "The educator designs a unit assessment plan whose tasks match the intended "
                "learning targets in both content and cognitive demand, combining formative "
                "checkpoints with a summative assessment, and uses the results by target."
            ),
        },
        "key_method": (
            "An assessment can only support valid conclusions about learning if it measures what "
            "was intended, at the level of thinking intended. The educator begins with the end in "
            "mind: standards are unpacked into specific learning targets, and each target is "
            "classified by type (knowledge, reasoning, skill or product) and by cognitive demand, "
            "for example using Webb's Depth of Knowledge. A blueprint then maps every target to the "
            "assessment method best suited to it, the number of items or points, and where "
            "formative checkpoints fall. The summative assessment is built from the blueprint and "
            "reviewed for clarity, bias and accessibility, and results are reported by learning "
            "target rather than as a single score."
        ),
        "method_components": [
            "Unpack the unit's standards into specific, assessable learning targets.",
            "Classify each target by type and by cognitive demand.",
            "Build a blueprint that maps each target to an appropriate method, weighting and item count.",
            "Place formative checkpoints in the unit for each major target.",
            "Review the summative assessment for clarity, bias and accessibility, ideally with a colleague.",
            "Report and act on results by learning target.",
        ],
        "research": (
            "Wiggins and McTighe's 'Understanding by Design' (1998; second edition 2005) popularised "
            "backward design, in which teachers identify desired results and acceptable evidence "
            "before planning learning activities. Webb's alignment research in the late 1990s "
            "introduced Depth of Knowledge as a way to compare the cognitive demand of standards "
            "with that of assessment items, and is now widely used in classroom assessment "
            "design.\n\n"
            "Stiggins, Arter, Chappuis and Chappuis ('Classroom Assessment for Student Learning', "
            "2004) stress matching assessment methods to the type of learning target: selected "
            "response suits knowledge targets, while reasoning, skill and product targets usually "
            "require written response or performance assessment. Black and Wiliam's 1998 review "
            "supports the formative checkpoints built into the blueprint."
        ),
        "resources": [
            {"title": "ASCD", "url": "https://www.ascd.org/"},
        ],
        "grade_bands": ["3-5", "6-8", "9-12"],
        "subjects": ["All subjects"],
        "pd_hours": 20,
        "ceus": Decimal("2.0"),
        "validity_years": None,
        "requirements": [
            {
                "key": "context",
                "part": 1,
                "title": "Unit context",
                "prompt": (
                    "Describe the unit, its length, the students, and the standards it addresses. "
                    "What was the previous assessment for this unit like, and what concerns did you "
                    "have about it?"
                ),
                "kind": "text",
                "word_limit": 300,
                "required": True,
            },
            {
                "key": "blueprint",
                "part": 2,
                "title": "Assessment blueprint",
                "prompt": (
                    "Upload your blueprint: learning targets unpacked from the standards, the type "
                    "and cognitive demand of each, the assessment method, number of items or points, "
                    "and the location of formative checkpoints."
                ),
                "kind": "artifact",
                "accepted_types": ["document"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "assessment-instruments",
                "part": 2,
                "title": "Summative assessment and formative checkpoints",
                "prompt": (
                    "Upload the summative assessment with its answer key or scoring guide, labelled "
                    "by learning target, and the formative checkpoints."
                ),
                "kind": "artifact",
                "accepted_types": ["document"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "peer-review",
                "part": 2,
                "title": "Colleague review (optional)",
                "prompt": (
                    "Optionally upload notes from a colleague who reviewed the assessment for "
                    "alignment, clarity, bias or accessibility, and what you changed in response."
                ),
                "kind": "artifact",
                "accepted_types": ["document"],
                "max_size_mb": 25,
                "required": False,
            },
            {
                "key": "results-by-target",
                "part": 2,
                "title": "Results by learning target",
                "prompt": (
                    "Upload a de-identified summary of summative results by learning target "
                    "(for example the percentage of students meeting each target) and the action you "
                    "took for targets that were not met."
                ),
                "kind": "artifact",
                "accepted_types": ["document"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "reflection",
                "part": 3,
                "title": "Reflection",
                "prompt": (
                    "How did building the blueprint change your assessment compared with the "
                    "previous version? What did target-level results tell you that a single score "
                    "would have hidden? Which items or tasks would you revise, and why?"
                ),
                "kind": "text",
                "word_limit": 500,
                "required": True,
            },
        ],
        "rubric": [
            {
                "title": "Learning targets",
                "description": "Standards are unpacked into clear, assessable targets.",
                "requirements": ["context", "blueprint"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "The blueprint lists standards or topics without unpacking them into targets.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "Targets are listed, but some are too broad to assess or combine several skills.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "Each standard is unpacked into specific, assessable targets, each classified by type and cognitive demand.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and targets are also written in student-friendly language for sharing with students.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Blueprint alignment",
                "description": "Methods, weighting and cognitive demand match the targets.",
                "requirements": ["blueprint"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "No blueprint is provided, or all targets are assessed with the same method regardless of type.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "Methods are mostly matched, but higher-demand targets are assessed only with recall items, or weighting does not reflect the unit's emphasis.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "Every target is matched to a suitable method at its intended cognitive demand, weighting reflects emphasis, and formative checkpoints cover each major target.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and the blueprint provides more than one opportunity to show mastery of the most important targets.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Instrument quality",
                "description": "Items and tasks are clear, fair and faithful to the blueprint.",
                "requirements": ["assessment-instruments", "peer-review"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "Items are not labelled by target, or many items are unclear, contain clues, or do not match the blueprint.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "Items match the blueprint, but some contain unnecessary language or cultural knowledge that could disadvantage some students.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "Items are labelled by target, match the blueprint, are clearly worded and free of obvious bias, and the scoring guide is usable by another teacher.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and accessibility features (such as readable layout and supports for English learners) were built in without changing what is measured.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Using results by target",
                "description": "Results are reported and acted on by learning target.",
                "requirements": ["results-by-target", "reflection"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "Results are reported only as total scores or grades, and no action is described.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "Results are reported by target, but the reflection and actions do not follow from them.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "Results are reported by target, a specific action is taken for unmet targets, and the reflection identifies items or tasks to revise with reasons.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and target-level results are shared with students to guide their own next steps.",
                        "passing": True,
                    },
                ],
            },
        ],
    },
    {
        "slug": "co-constructed-success-criteria",
        "title": "Co-Constructing Success Criteria and Rubrics with Students",
        "focus_area": "assessment-design",
        "competency": {
            "name": "Success criteria with students",
            "statement": (
                "The educator develops clear success criteria and a descriptive analytic rubric "
                "together with students through the study of exemplars, and teaches students to "
                "use them accurately for self- and peer-assessment."
            ),
        },
        "key_method": (
            "Students cannot aim for a standard they do not understand. The educator shows "
            "students several pieces of work of varying quality, without grades, and guides them "
            "to notice what distinguishes stronger work. From those observations the class "
            "drafts success criteria, which the educator refines into an analytic rubric whose "
            "levels describe the qualities of the work at each level rather than counting errors "
            "or using vague words such as 'good' and 'excellent'. Students then practise applying "
            "the rubric to anonymous samples and compare their scores, before using it to "
            "assess and revise their own drafts."
        ),
        "method_components": [
            "Collect three or more anonymous exemplars of varying quality for the task.",
            "Lead students in analysing what distinguishes stronger from weaker work.",
            "Draft success criteria from students' observations, in their language where possible.",
            "Refine the criteria into an analytic rubric with descriptive, observable levels.",
            "Have students practise scoring anonymous samples and discuss disagreements to calibrate.",
            "Have students self-assess and revise their own drafts using the rubric.",
        ],
        "research": (
            "Sadler (1989) argued that students improve when they come to hold a concept of "
            "quality similar to their teacher's, and that exemplars and guided evaluative "
            "experience are the main ways to develop it. Brookhart's 'How to Create and Use Rubrics "
            "for Formative Assessment and Grading' (ASCD, 2013) distinguishes rubrics that describe "
            "the qualities of performance from those that merely judge or count, and recommends "
            "the former for learning.\n\n"
            "Andrade and Valtcheva (2009) reviewed research showing that rubric-referenced "
            "self-assessment, in which students assess drafts against explicit criteria and then "
            "revise, is associated with better writing and deeper engagement with criteria, "
            "especially when students are taught how to do it."
        ),
        "resources": [
            {"title": "ASCD", "url": "https://www.ascd.org/"},
        ],
        "grade_bands": ["3-5", "6-8", "9-12"],
        "subjects": ["All subjects"],
        "pd_hours": 15,
        "ceus": Decimal("1.5"),
        "validity_years": None,
        "requirements": [
            {
                "key": "context",
                "part": 1,
                "title": "Context",
                "prompt": (
                    "Describe the class and the task. How had students previously used rubrics or "
                    "criteria in this class? Where did your exemplars come from, and how did you "
                    "anonymise them?"
                ),
                "kind": "text",
                "word_limit": 300,
                "required": True,
            },
            {
                "key": "exemplar-lesson",
                "part": 2,
                "title": "Exemplar analysis lesson",
                "prompt": (
                    "Upload the lesson plan for the exemplar analysis, the exemplars used (with all "
                    "identifying details removed), and a record of the criteria students generated."
                ),
                "kind": "artifact",
                "accepted_types": ["document", "image"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "rubric-document",
                "part": 2,
                "title": "Final rubric",
                "prompt": (
                    "Upload the final rubric, marking which language came directly from students "
                    "and explaining any changes you made to their draft criteria."
                ),
                "kind": "artifact",
                "accepted_types": ["document"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "classroom-video",
                "part": 2,
                "title": "Classroom video of co-construction or calibration",
                "prompt": (
                    "Upload a 10 to 15 minute unedited video of either the exemplar analysis or the "
                    "calibration activity, in which students discuss what makes work stronger or "
                    "compare their scores. Follow your school's consent policy for recording "
                    "students and keep students without permission out of frame."
                ),
                "kind": "artifact",
                "accepted_types": ["video"],
                "max_size_mb": 5120,
                "required": True,
            },
            {
                "key": "self-assessments",
                "part": 2,
                "title": "Student self-assessments and revisions",
                "prompt": (
                    "Upload work from three students, with names removed: the draft, the student's "
                    "rubric self-assessment, your assessment of the same draft, and the revised "
                    "work."
                ),
                "kind": "artifact",
                "accepted_types": ["document", "image"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "reflection",
                "part": 3,
                "title": "Reflection",
                "prompt": (
                    "How closely did students' self-assessments match yours, and where did they "
                    "differ? What did co-construction change about how students understood "
                    "quality? What will you change next time?"
                ),
                "kind": "text",
                "word_limit": 500,
                "required": True,
            },
        ],
        "rubric": [
            {
                "title": "Exemplar analysis with students",
                "description": "Students generate criteria by analysing work of varying quality.",
                "requirements": ["context", "exemplar-lesson", "classroom-video"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "Students are given a finished rubric, or are shown only one 'perfect' example.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "Exemplars are analysed, but the educator supplies most of the criteria while students watch.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "Students compare at least three anonymous exemplars and generate criteria that the recorded list reflects; the educator's questions prompt students to be specific.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and students debate borderline features and reach agreement about where they belong.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Rubric quality",
                "description": "The rubric describes qualities of work at each level.",
                "requirements": ["rubric-document"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "Levels differ only by evaluative words ('poor', 'good', 'excellent') or by counts of errors.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "Some criteria have descriptive levels, but others are vague or overlap, making scoring inconsistent.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "Each criterion is distinct, and each level describes observable qualities of the work; student language is retained where accurate.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and the rubric is paired with anchor samples for each level.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Student self-assessment and revision",
                "description": "Students apply the rubric accurately and use it to improve their work.",
                "requirements": ["self-assessments"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "Self-assessments are missing or consist of scores with no reference to evidence in the draft.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "Students cite evidence, but self-scores differ widely from the educator's and revisions do not follow from the self-assessment.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "Self-assessments cite evidence, mostly agree with the educator's scores within one level, and revisions address criteria students identified as weak.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and where students disagreed with the educator, they gave a reasoned justification.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Reflection",
                "description": "The educator analyses calibration and student understanding of quality.",
                "requirements": ["reflection"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "The reflection does not compare self-assessments with the educator's assessments.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "The reflection analyses where and why self-assessments differed, describes changes in students' understanding of quality, and names a change.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and plans how students will take on more of the criteria-setting in future tasks.",
                        "passing": True,
                    },
                ],
            },
        ],
    },
    {
        "slug": "diagnostic-multiple-choice-items",
        "title": "Writing Diagnostic Multiple-Choice Items",
        "focus_area": "assessment-design",
        "competency": {
            "name": "Selected-response item design",
            "statement": (
                "The educator writes multiple-choice items with clear stems, a single best answer "
                "and plausible distractors drawn from real student misconceptions, and uses item "
                "analysis to revise both items and instruction."
            ),
        },
        "key_method": (
            "Multiple-choice items can be powerful diagnostic tools when every wrong option tells "
            "the teacher something. The educator first collects real student errors, for example "
            "by giving the question in open-response form to a class and sorting the answers. "
            "Items are then written following established guidelines: the stem poses a clear, "
            "complete question; options are parallel in form and length; there is one defensibly "
            "best answer; and clues such as 'all of the above' or grammatical mismatches are "
            "avoided. Each distractor is linked to a specific misconception. After administration "
            "the educator examines item difficulty, whether stronger students tended to answer "
            "correctly, and how often each distractor was chosen, then revises weak items and "
            "addresses the misconceptions revealed."
        ),
        "method_components": [
            "Collect real student errors through an open-response version of the questions.",
            "Write clear, complete stems that can be answered before reading the options.",
            "Write one best answer and parallel, plausible distractors, each linked to a named misconception.",
            "Remove unintended clues (length, grammar, absolutes, 'all of the above').",
            "After administration, examine difficulty, discrimination and distractor frequencies.",
            "Revise or discard weak items and plan instruction for the misconceptions revealed.",
        ],
        "research": (
            "Haladyna, Downing and Rodriguez's 2002 review of multiple-choice item-writing "
            "guidelines synthesised advice from measurement textbooks and research into a "
            "widely used set of rules, including writing clear stems, making distractors "
            "plausible, keeping options homogeneous, and avoiding 'all of the above'. A later "
            "meta-analysis by Rodriguez (2005) concluded that three well-chosen options usually "
            "work as well as four or five, because additional distractors are often implausible "
            "and rarely chosen.\n\n"
            "Wiliam's 'Embedded Formative Assessment' (2011) argues that well-designed "
            "multiple-choice questions, in which each wrong answer reflects a known "
            "misconception, can give teachers quick and accurate insight into student thinking, "
            "which is why this credential asks educators to build distractors from real student "
            "errors."
        ),
        "resources": [],
        "grade_bands": ["3-5", "6-8", "9-12"],
        "subjects": ["All subjects"],
        "pd_hours": 12,
        "ceus": Decimal("1.2"),
        "validity_years": None,
        "requirements": [
            {
                "key": "context",
                "part": 1,
                "title": "Context",
                "prompt": (
                    "Describe the class, the unit, and the purpose of the item set (for example a "
                    "pre-assessment, a checkpoint or part of a unit test). Which misconceptions are "
                    "common in this content?"
                ),
                "kind": "text",
                "word_limit": 300,
                "required": True,
            },
            {
                "key": "error-source",
                "part": 2,
                "title": "Source of misconceptions",
                "prompt": (
                    "Upload evidence of the real student errors you drew on, such as a sorted "
                    "summary of open-response answers with representative (de-identified) examples "
                    "for each error type."
                ),
                "kind": "artifact",
                "accepted_types": ["document", "image"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "item-set",
                "part": 2,
                "title": "Item set with distractor rationales",
                "prompt": (
                    "Upload 8 to 12 items. For each item, mark the key and state the misconception "
                    "or error each distractor represents."
                ),
                "kind": "artifact",
                "accepted_types": ["document"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "item-analysis",
                "part": 2,
                "title": "Item analysis",
                "prompt": (
                    "Upload de-identified results after administering the items: the proportion "
                    "correct for each item, a simple discrimination check (for example comparing "
                    "the top and bottom third of scorers), and how often each distractor was chosen."
                ),
                "kind": "artifact",
                "accepted_types": ["document"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "revised-items",
                "part": 2,
                "title": "Revised items and instructional response",
                "prompt": (
                    "Upload revised versions of at least three items, explaining each revision, and "
                    "describe the instruction you provided for the most common misconception."
                ),
                "kind": "artifact",
                "accepted_types": ["document"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "reflection",
                "part": 3,
                "title": "Reflection",
                "prompt": (
                    "Which distractors worked as intended and which were rarely chosen? What did the "
                    "analysis reveal about your items that you would not have noticed otherwise? "
                    "How will you write items differently in future?"
                ),
                "kind": "text",
                "word_limit": 450,
                "required": True,
            },
        ],
        "rubric": [
            {
                "title": "Item construction",
                "description": "Items follow established item-writing guidelines.",
                "requirements": ["item-set"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "Many items have unclear or incomplete stems, more than one defensible answer, or obvious clues.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "Most items are sound, but several include problems such as negative stems, 'all of the above', or a key noticeably longer than the other options.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "All items have clear, complete stems, a single best answer and parallel options, with no unintended clues.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and the set includes items that require reasoning or application, not only recall.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Misconception-based distractors",
                "description": "Distractors are drawn from real student errors.",
                "requirements": ["context", "error-source", "item-set"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "No evidence of real student errors is provided, and distractors have no stated rationale.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "Student errors were collected, but only some distractors are linked to them; others are filler.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "Every distractor has a stated rationale, and most are traceable to errors in the collected student responses.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and the item set as a whole maps the main misconceptions in the content.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Item analysis and revision",
                "description": "Results are analysed and used to revise items and instruction.",
                "requirements": ["item-analysis", "revised-items"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "Only total scores are reported, or no items are revised.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "Difficulty and distractor frequencies are reported, but revisions are not linked to what the analysis showed.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "Difficulty, a discrimination check and distractor frequencies are reported; at least three revisions are justified by the analysis; instruction addresses the most common misconception.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and the educator identifies an item that discriminated poorly and explains the flaw that caused it.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Reflection",
                "description": "The educator draws lessons for future item writing.",
                "requirements": ["reflection"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "The reflection does not refer to the item analysis.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "The reflection identifies effective and ineffective distractors with evidence and names specific changes to future item writing.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and describes how the item bank will be shared or maintained with colleagues.",
                        "passing": True,
                    },
                ],
            },
        ],
    },
    # =======================================================================
    # Family engagement
    # =======================================================================
    {
        "slug": "two-way-family-communication",
        "title": "Two-Way Family Communication About Learning",
        "focus_area": "family-engagement",
        "competency": {
            "name": "Two-way communication",
            "statement": (
                "The educator establishes regular, positive, two-way communication with every "
                "family in the class, in the languages and channels families prefer, focused on "
                "students' learning, and uses what families share to inform teaching."
            ),
        },
        "key_method": (
            "Families hear from school most often when something is wrong. The educator reverses "
            "that pattern. Early in the year, the educator asks families how and when they prefer "
            "to be contacted, in what language, and what they know and hope for their child. "
            "Every family then receives a positive, specific message about their child before any "
            "concern is raised. From then on, brief, regular messages describe what students are "
            "learning and suggest a specific question or activity families can use at home, and "
            "every message invites a reply. The educator keeps a simple contact log to make sure "
            "no family is left out, uses interpreters or translated messages as needed, and acts "
            "on what families share."
        ),
        "method_components": [
            "Survey families about preferred language, channel and timing, and about their knowledge of and hopes for their child.",
            "Make a positive, specific contact with every family before raising any concern.",
            "Send regular, brief messages about current learning with a concrete conversation starter or activity for home.",
            "Invite replies in every message and respond promptly.",
            "Keep a contact log to track reach and identify families not yet connected.",
            "Use interpreters or accurate translations, and adjust channels for families who are hard to reach.",
        ],
        "research": (
            "Henderson and Mapp's 'A New Wave of Evidence' (2002) reviewed research on family and "
            "community connections with schools and concluded that family engagement is "
            "associated with better student outcomes, especially when it is linked to learning "
            "and when schools build respectful, trusting relationships with families. Mapp and "
            "Kuttner's Dual Capacity-Building Framework (2013) emphasises that both educators and "
            "families need support to build such partnerships.\n\n"
            "Field experiments have tested communication directly. Kraft and Dougherty (2013) found "
            "that frequent teacher phone calls to families increased student engagement in a summer "
            "programme, and Kraft and Rogers (2015) found that brief weekly individualised messages "
            "to families reduced the proportion of students failing to earn course credit, with "
            "messages about what students could improve being particularly effective."
        ),
        "resources": [
            {"title": "National PTA", "url": "https://www.pta.org/"},
        ],
        "grade_bands": ["K-2", "3-5", "6-8", "9-12"],
        "subjects": ["All subjects"],
        "pd_hours": 12,
        "ceus": Decimal("1.2"),
        "validity_years": None,
        "requirements": [
            {
                "key": "context",
                "part": 1,
                "title": "Context",
                "prompt": (
                    "Describe your class and its families, including the languages spoken at home "
                    "and any barriers to communication you were aware of. How did you communicate "
                    "with families before this work, and which families did you rarely hear from?"
                ),
                "kind": "text",
                "word_limit": 300,
                "required": True,
            },
            {
                "key": "family-survey",
                "part": 2,
                "title": "Family survey and summary",
                "prompt": (
                    "Upload the family survey (in each language used) and an anonymous summary of "
                    "responses, including how many families responded and how you reached those "
                    "who did not."
                ),
                "kind": "artifact",
                "accepted_types": ["document"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "contact-log",
                "part": 2,
                "title": "Contact log",
                "prompt": (
                    "Upload a contact log covering at least six weeks, with families identified by "
                    "code only. Show the date, channel, language, purpose (positive, learning "
                    "update, concern) and whether the family replied."
                ),
                "kind": "artifact",
                "accepted_types": ["document"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "sample-messages",
                "part": 2,
                "title": "Sample messages",
                "prompt": (
                    "Upload five sample messages, including at least one positive first contact, "
                    "two learning updates with a home conversation starter, and one message in a "
                    "language other than English if applicable. Remove student and family names."
                ),
                "kind": "artifact",
                "accepted_types": ["document", "image"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "family-feedback",
                "part": 2,
                "title": "Family feedback (optional)",
                "prompt": (
                    "Optionally upload anonymous feedback from families about the communication, "
                    "such as a short follow-up survey summary."
                ),
                "kind": "artifact",
                "accepted_types": ["document"],
                "max_size_mb": 25,
                "required": False,
            },
            {
                "key": "reflection",
                "part": 3,
                "title": "Reflection",
                "prompt": (
                    "What did families tell you that changed how you teach or support their child? "
                    "Give a specific example. Which families are still not connected, and what will "
                    "you try next? How will you sustain this communication through the year?"
                ),
                "kind": "text",
                "word_limit": 500,
                "required": True,
            },
        ],
        "rubric": [
            {
                "title": "Learning about families",
                "description": "The educator seeks families' preferences and knowledge.",
                "requirements": ["context", "family-survey"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "No survey was used, or it was sent only in English to a multilingual class, with no follow-up for non-responders.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "The survey asks about contact preferences only, or non-responders were not followed up.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "The survey, available in families' languages, asks about preferences and about families' knowledge and hopes for their child, and non-responders were contacted another way.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and responses were gathered from nearly all families, including through conversations for those who do not use written surveys.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Reach and consistency",
                "description": "Every family is contacted regularly, starting positively.",
                "requirements": ["contact-log"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "The log shows contact mainly about concerns, or many families have no recorded contact.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "Most families are contacted, but positive first contacts are missing for some, or contact is irregular.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "Every family received a positive first contact and regular learning updates over six weeks in their preferred channel and language.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and the log shows replies from most families, including several who were previously rarely heard from.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Message quality",
                "description": "Messages are specific, learning-focused and invite a response.",
                "requirements": ["sample-messages"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "Messages are generic announcements or reminders with no link to learning.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "Messages mention learning, but positive notes are generic ('had a great day') and there is no concrete way for families to engage.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "Positive notes are specific to the child, learning updates include a concrete conversation starter or activity, and every message invites a reply.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and messages are written in plain, jargon-free language and draw on what families shared in the survey.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Responsiveness and reflection",
                "description": "Family input shapes teaching, and gaps in reach are addressed.",
                "requirements": ["reflection", "family-feedback"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "The reflection does not give an example of family input changing practice.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "The reflection gives a specific example of acting on family input, identifies families still unconnected, and describes a plan to reach them and sustain communication.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and uses family feedback to evaluate and adjust the communication approach.",
                        "passing": True,
                    },
                ],
            },
        ],
    },
    {
        "slug": "student-led-family-conferences",
        "title": "Student-Led Family Conferences",
        "focus_area": "family-engagement",
        "competency": {
            "name": "Student-led conferences",
            "statement": (
                "The educator prepares students to lead conferences in which they present evidence "
                "of their learning to their families, reflect on strengths and goals, and agree with "
                "their families and teacher on how home and school will support the next goal."
            ),
        },
        "key_method": (
            "In a student-led conference the student, not the teacher, explains their learning. "
            "The educator prepares students over several weeks: students select portfolio pieces "
            "that show growth and challenge, reflect in writing on what each shows, and rehearse "
            "the conference with peers using a simple agenda. During the conference the educator "
            "acts as a facilitator, stepping in only to add perspective or prompt the student, and "
            "gives families a few questions they can ask. Each conference ends with a goal and "
            "specific commitments from student, family and teacher. The educator arranges times, "
            "formats and interpreters so that every family can take part, and follows up on the "
            "commitments."
        ),
        "method_components": [
            "Have students select portfolio evidence that shows both growth and a current challenge.",
            "Guide students to write reflections explaining what each piece shows about their learning.",
            "Provide a conference agenda and have students rehearse with peers.",
            "Give families a few suggested questions and a clear role in the conversation.",
            "End each conference with a goal and specific commitments from student, family and teacher.",
            "Offer flexible times, virtual options and interpreters, and follow up on commitments.",
        ],
        "research": (
            "Hill and Tyson's 2009 meta-analysis of parental involvement in middle school found "
            "that 'academic socialisation', in which families communicate expectations for "
            "education, discuss learning strategies and link schoolwork to future goals, had the "
            "strongest positive association with achievement. Student-led conferences create a "
            "structured occasion for exactly these conversations.\n\n"
            "Epstein's framework of six types of involvement (1995) includes communicating and "
            "learning at home as distinct ways schools can partner with families, and Henderson "
            "and Mapp (2002) found that engagement linked to learning is most strongly associated "
            "with student outcomes. Research on self-assessment, such as Andrade and Valtcheva "
            "(2009), suggests that the preparation itself, in which students examine and explain "
            "their own work, supports learning."
        ),
        "resources": [
            {"title": "National PTA", "url": "https://www.pta.org/"},
            {"title": "Edutopia", "url": "https://www.edutopia.org/"},
        ],
        "grade_bands": ["K-2", "3-5", "6-8", "9-12"],
        "subjects": ["All subjects"],
        "pd_hours": 15,
        "ceus": Decimal("1.5"),
        "validity_years": None,
        "requirements": [
            {
                "key": "context",
                "part": 1,
                "title": "Context",
                "prompt": (
                    "Describe your class and its families, including languages and any barriers to "
                    "attending conferences. How were conferences run before? What did you do to make "
                    "participation possible for every family (scheduling, virtual options, "
                    "interpreters)?"
                ),
                "kind": "text",
                "word_limit": 300,
                "required": True,
            },
            {
                "key": "preparation-materials",
                "part": 2,
                "title": "Preparation materials",
                "prompt": (
                    "Upload the materials you used to prepare students: portfolio selection guide, "
                    "reflection prompts, conference agenda, rehearsal plan, and the suggested "
                    "questions given to families."
                ),
                "kind": "artifact",
                "accepted_types": ["document"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "conference-recording",
                "part": 2,
                "title": "Recording of one conference",
                "prompt": (
                    "Upload an unedited audio or video recording (10 to 20 minutes) of one "
                    "student-led conference. Obtain written consent from the family and the "
                    "student's agreement before recording, use first names only, and stop recording "
                    "if any sensitive personal matter is raised."
                ),
                "kind": "artifact",
                "accepted_types": ["video", "audio"],
                "max_size_mb": 5120,
                "required": True,
            },
            {
                "key": "goal-agreements",
                "part": 2,
                "title": "Goal and commitment records",
                "prompt": (
                    "Upload three de-identified goal and commitment records from different "
                    "conferences, with a note on the follow-up you carried out for each."
                ),
                "kind": "artifact",
                "accepted_types": ["document", "image"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "family-feedback",
                "part": 2,
                "title": "Family feedback summary",
                "prompt": (
                    "Upload a summary of anonymous family feedback on the conferences (for example "
                    "a short survey in families' languages), including the attendance rate compared "
                    "with previous conferences."
                ),
                "kind": "artifact",
                "accepted_types": ["document"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "student-reflections",
                "part": 2,
                "title": "Student reflections on the conference (optional)",
                "prompt": (
                    "Optionally upload several de-identified student reflections written after "
                    "their conferences."
                ),
                "kind": "artifact",
                "accepted_types": ["document", "image"],
                "max_size_mb": 25,
                "required": False,
            },
            {
                "key": "reflection",
                "part": 3,
                "title": "Reflection",
                "prompt": (
                    "How did student-led conferences change the conversation about learning "
                    "compared with teacher-led ones? Which students or families found the format "
                    "harder, and why? What will you change in preparation or logistics?"
                ),
                "kind": "text",
                "word_limit": 500,
                "required": True,
            },
        ],
        "rubric": [
            {
                "title": "Preparing students",
                "description": "Students are prepared to present and reflect on their own learning.",
                "requirements": ["context", "preparation-materials"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "Students are given a script to read or a report card to present, with no portfolio selection or reflection.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "Students select work and have an agenda, but reflection prompts are generic and there is no rehearsal.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "Materials guide students to select evidence of growth and challenge, write specific reflections, and rehearse using an agenda; families receive suggested questions.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and preparation is differentiated (for example visual agendas for younger students or translated materials) so that every student can lead.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Student leadership in the conference",
                "description": "The student leads a genuine conversation about their learning.",
                "requirements": ["conference-recording"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "The educator does most of the talking, or the student reads aloud without discussing the work.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "The student presents work but explains it only superficially, and the family has little opportunity to respond.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "The student explains what their evidence shows, names a strength and a challenge, and responds to family questions, with the educator adding brief perspective.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and the family and student talk directly about learning strategies and future goals with little educator prompting.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Shared goals and follow-up",
                "description": "Conferences end with specific commitments that are followed up.",
                "requirements": ["goal-agreements"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "No goals are recorded, or goals are vague ('try harder').",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "Goals are specific, but commitments come only from the student, or there is no follow-up.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "Each record has a specific learning goal with commitments from student, family and educator, and a follow-up is documented.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and family commitments are realistic for the family's circumstances and drawn from what the family said it could do.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Access and family experience",
                "description": "Every family can take part and finds the conference valuable.",
                "requirements": ["family-feedback"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "No feedback or attendance data is provided.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "Feedback is collected, but access measures were limited and attendance did not improve on previous conferences.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "Attendance is reported and compared with earlier conferences, feedback is summarised, and access measures reached families who previously did not attend.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and feedback shows families valued hearing from their child and felt their questions were welcome.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Reflection",
                "description": "The educator evaluates the format and plans improvements.",
                "requirements": ["reflection", "student-reflections"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "The reflection does not compare the format with earlier conferences or consider who found it harder.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "The reflection compares conversations with teacher-led conferences, identifies who found the format harder and why, and names specific changes.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and draws on student and family voices to shape the changes.",
                        "passing": True,
                    },
                ],
            },
        ],
    },
    {
        "slug": "family-learning-partnerships-at-home",
        "title": "Family Learning Partnerships at Home",
        "focus_area": "family-engagement",
        "competency": {
            "name": "Interactive home learning",
            "statement": (
                "The educator designs interactive, culturally responsive home learning activities "
                "linked to current classroom learning that invite families to talk and learn with "
                "their children, whatever the family's language or schooling experience."
            ),
        },
        "key_method": (
            "Home learning tasks often assume that families can teach school content, which can "
            "leave families feeling shut out. Interactive activities take a different approach: "
            "the student leads, explaining or demonstrating what they learned in class, and the "
            "family contributes their own knowledge, experience or opinion. The educator designs a "
            "short series of such activities linked to the current unit, written in plain language "
            "and families' home languages, drawing on the knowledge and practices families already "
            "have. Families are introduced to the activities (for example at a brief event or in a "
            "short video), each activity includes a space for family comments, and the educator "
            "reads and responds to them and brings family contributions back into class."
        ),
        "method_components": [
            "Design activities in which the student explains or demonstrates learning and the family contributes its own knowledge or experience.",
            "Link each activity to what is currently being taught in class.",
            "Write activities in plain language and families' home languages, with materials that are free or found at home.",
            "Draw on families' cultural knowledge and everyday practices.",
            "Introduce families to the activities through an event, video or call.",
            "Include a family response section, respond to it, and bring family contributions into class.",
        ],
        "research": (
            "Epstein and colleagues at Johns Hopkins University developed the Teachers Involve "
            "Parents in Schoolwork (TIPS) model of interactive homework, in which students share "
            "what they are learning with a family member and families give feedback to the "
            "teacher; the approach is designed so that families do not have to know how to teach "
            "the content. Moll, Amanti, Neff and Gonzalez's 'Funds of Knowledge for Teaching' "
            "(1992) showed how teachers can draw on the knowledge and skills embedded in "
            "students' households to connect home and classroom learning.\n\n"
            "Henderson and Mapp (2002) concluded that family engagement linked to learning is most "
            "strongly related to student achievement, while Hill and Tyson's 2009 meta-analysis "
            "found that direct help with homework had a less consistent relationship with "
            "achievement than conversations about learning and goals. This supports designing "
            "home activities around conversation rather than homework supervision."
        ),
        "resources": [
            {"title": "National PTA", "url": "https://www.pta.org/"},
        ],
        "grade_bands": ["K-2", "3-5", "6-8"],
        "subjects": ["All subjects", "English learners"],
        "pd_hours": 12,
        "ceus": Decimal("1.2"),
        "validity_years": None,
        "requirements": [
            {
                "key": "context",
                "part": 1,
                "title": "Context",
                "prompt": (
                    "Describe your class and its families, including home languages and what you "
                    "know about the knowledge and practices in students' homes. Which unit did the "
                    "activities support, and what were families' past experiences with home "
                    "learning?"
                ),
                "kind": "text",
                "word_limit": 300,
                "required": True,
            },
            {
                "key": "activity-set",
                "part": 2,
                "title": "Home learning activities",
                "prompt": (
                    "Upload at least three activities linked to the unit, in each language you "
                    "provided, each showing the student's role, the family's role, the family "
                    "response section, and the classroom learning it connects to."
                ),
                "kind": "artifact",
                "accepted_types": ["document"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "family-introduction",
                "part": 2,
                "title": "How families were introduced to the activities",
                "prompt": (
                    "Upload evidence of how you introduced families to the activities: a short "
                    "explanatory video you made (up to 10 minutes), event materials, or a script for "
                    "phone calls. If students appear on video, follow your school's consent policy."
                ),
                "kind": "artifact",
                "accepted_types": ["video", "document", "image"],
                "max_size_mb": 5120,
                "required": True,
            },
            {
                "key": "returned-activities",
                "part": 2,
                "title": "Completed activities with family responses",
                "prompt": (
                    "Upload four completed activities, including the family response sections and "
                    "your replies, with student and family names removed. Note how many families "
                    "returned each activity."
                ),
                "kind": "artifact",
                "accepted_types": ["document", "image"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "family-feedback",
                "part": 2,
                "title": "Family feedback (optional)",
                "prompt": (
                    "Optionally upload a summary of family feedback on the activities, gathered in "
                    "families' languages."
                ),
                "kind": "artifact",
                "accepted_types": ["document"],
                "max_size_mb": 25,
                "required": False,
            },
            {
                "key": "reflection",
                "part": 3,
                "title": "Reflection",
                "prompt": (
                    "What did families contribute that enriched classroom learning? Give an example "
                    "of how you brought a family contribution into class. Which families did not "
                    "take part, and what might make the activities more accessible or appealing to "
                    "them?"
                ),
                "kind": "text",
                "word_limit": 500,
                "required": True,
            },
        ],
        "rubric": [
            {
                "title": "Connection to classroom learning",
                "description": "Activities extend current learning through student-led interaction.",
                "requirements": ["context", "activity-set"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "Activities are worksheets that families must supervise or teach, or are unrelated to the current unit.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "Activities link to the unit, but the family's role is limited to checking or signing.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "Each activity links to the current unit, has the student explain or demonstrate learning, and gives the family a meaningful role contributing its own knowledge or views.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and activities are sequenced so that family contributions build on each other across the unit.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Accessibility and cultural responsiveness",
                "description": "All families can take part and see their knowledge valued.",
                "requirements": ["activity-set", "family-introduction"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "Activities are only in English for a multilingual class, require purchased materials or technology, or assume particular family structures.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "Activities are translated and low-cost, but families were not introduced to them, or they do not draw on families' own knowledge.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "Activities are in plain language and home languages, use free or household materials, draw on family knowledge, and families were introduced to them.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and families helped shape at least one activity, for example by suggesting a topic from their own experience.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Family participation and response",
                "description": "Families take part and the educator responds and uses their contributions.",
                "requirements": ["returned-activities", "family-feedback"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "Few activities were returned, or family responses received no reply.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "Activities were returned, but educator replies are generic ('Thanks!').",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "Return rates are reported, family responses show genuine conversation at home, and educator replies refer specifically to what the family shared.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and return rates rose across the series, including among families previously less involved.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Reflection",
                "description": "The educator analyses family contributions and participation gaps.",
                "requirements": ["reflection"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "The reflection gives no example of using family contributions, or does not consider families who did not take part.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "The reflection gives a specific example of a family contribution used in class and proposes concrete changes to reach non-participating families.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and describes how the approach will be shared with colleagues or extended across the year.",
                        "passing": True,
                    },
                ],
            },
        ],
    },
    # =======================================================================
    # Virtual community leadership
    # =======================================================================
    {
        "slug": "launching-an-online-community-of-practice",
        "title": "Launching an Online Community of Practice",
        "focus_area": "virtual-community-leadership",
        "competency": {
            "name": "Designing an online community of practice",
            "statement": (
                "The educator designs and launches an online community of practice for educators "
                "with a clear shared purpose, co-created norms, deliberate onboarding and a "
                "participation plan that helps members move from observing to contributing."
            ),
        },
        "key_method": (
            "Online educator communities often start with enthusiasm and fade within weeks. The "
            "educator designs for sustained participation from the start. A short purpose "
            "statement defines the shared problem of practice the community exists to work on. "
            "Norms are drafted with founding members and posted where everyone can see them. New "
            "members are welcomed individually and given an easy first contribution, such as "
            "introducing themselves with one classroom challenge. A predictable rhythm of "
            "activities (for example a weekly prompt and a monthly live session) gives members "
            "reasons to return, and the educator deliberately invites members to take on "
            "visible roles. Participation is tracked so the educator can see who is contributing "
            "and adjust."
        ),
        "method_components": [
            "Write a purpose statement that names the shared problem of practice and the intended members.",
            "Draft community norms with founding members and make them visible.",
            "Welcome each new member personally and offer an easy first contribution.",
            "Establish a predictable rhythm of activities that gives members reasons to return.",
            "Invite members into visible roles such as hosting a discussion or sharing an artifact.",
            "Track participation over time and adjust the design in response.",
        ],
        "research": (
            "Lave and Wenger's 'Situated Learning' (1991) introduced communities of practice, in "
            "which newcomers learn by moving from legitimate peripheral participation toward full "
            "participation. Wenger, McDermott and Snyder's 'Cultivating Communities of Practice' "
            "(2002) describes design principles such as designing for evolution, inviting "
            "different levels of participation, and creating a rhythm for the community.\n\n"
            "Salmon's five-stage model in 'E-Moderating' (2000) describes how online participants "
            "progress from access and motivation, through online socialisation and information "
            "exchange, to knowledge construction and development, and how moderators must support "
            "each stage. Darling-Hammond, Hyler and Gardner (2017) identify collaboration and "
            "sustained duration among the features of effective professional development."
        ),
        "resources": [
            {"title": "Learning Forward", "url": "https://learningforward.org/"},
            {"title": "ISTE", "url": "https://www.iste.org/"},
        ],
        "grade_bands": ["K-2", "3-5", "6-8", "9-12"],
        "subjects": ["All subjects"],
        "pd_hours": 25,
        "ceus": Decimal("2.5"),
        "validity_years": 5,
        "requirements": [
            {
                "key": "context",
                "part": 1,
                "title": "Community context",
                "prompt": (
                    "Who is the community for, what shared problem of practice does it address, and "
                    "which platform does it use? Why was an online community the right format for "
                    "these educators? What is your role?"
                ),
                "kind": "text",
                "word_limit": 350,
                "required": True,
            },
            {
                "key": "community-plan",
                "part": 2,
                "title": "Community design plan",
                "prompt": (
                    "Upload your design plan: purpose statement, norms (with how they were "
                    "developed), onboarding steps, activity calendar for at least six weeks, member "
                    "roles, and how you will track participation."
                ),
                "kind": "artifact",
                "accepted_types": ["document"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "launch-evidence",
                "part": 2,
                "title": "Launch evidence",
                "prompt": (
                    "Upload screenshots or exports showing the posted norms, your welcome messages, "
                    "and early discussion threads. Blur or remove members' names and photos unless "
                    "they have agreed to be shown, and do not include any student information."
                ),
                "kind": "artifact",
                "accepted_types": ["image", "document"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "participation-data",
                "part": 2,
                "title": "Participation data",
                "prompt": (
                    "Upload participation data for at least six weeks (for example members joined, "
                    "members who posted, replies, members taking on roles), with a brief "
                    "interpretation."
                ),
                "kind": "artifact",
                "accepted_types": ["document"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "member-feedback",
                "part": 2,
                "title": "Member feedback (optional)",
                "prompt": (
                    "Optionally upload a summary of anonymous member feedback about the community's "
                    "value and design."
                ),
                "kind": "artifact",
                "accepted_types": ["document"],
                "max_size_mb": 25,
                "required": False,
            },
            {
                "key": "reflection",
                "part": 3,
                "title": "Reflection",
                "prompt": (
                    "What helped members move from observing to contributing, and what did not? "
                    "Describe one change you made during the six weeks in response to participation "
                    "data or feedback. How will you make the community less dependent on you over "
                    "time?"
                ),
                "kind": "text",
                "word_limit": 500,
                "required": True,
            },
        ],
        "rubric": [
            {
                "title": "Purpose and design",
                "description": "A clear purpose and a design that supports sustained participation.",
                "requirements": ["context", "community-plan"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "The purpose is vague ('a place to share ideas') and there is no plan for norms, onboarding or rhythm.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "The purpose names a problem of practice, but norms were written without member input or the calendar covers only the launch.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "The plan includes a focused purpose, co-developed norms, onboarding steps, a six-week activity rhythm, member roles and a participation tracking method.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and the design offers distinct ways to participate for newcomers, regular contributors and leaders.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Onboarding and norms in action",
                "description": "Launch evidence shows welcoming, norm-based practice.",
                "requirements": ["launch-evidence"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "Screenshots show no visible norms or welcome, or member or student information is exposed.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "Norms are posted and a general welcome is sent, but new members receive no personal welcome or first task.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "Norms are visible, new members receive a personal welcome with an easy first contribution, and early threads show members responding to each other.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and early threads show members referring to the norms or welcoming newer members themselves.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Participation growth",
                "description": "Data show members moving toward active contribution.",
                "requirements": ["participation-data", "member-feedback"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "No participation data are provided, or data show only membership counts.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "Data are provided, but interpretation is missing or activity is almost entirely the educator's own posts.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "Data over six weeks show a growing number of members posting or replying, and the interpretation identifies patterns and gaps.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and several members other than the educator have taken on visible roles.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Reflection",
                "description": "The educator adapts the design and plans for shared leadership.",
                "requirements": ["reflection"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "The reflection describes activities but gives no example of adapting the design.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "The reflection analyses what supported participation, describes a mid-course change with its rationale, and outlines a plan for sharing leadership.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and the plan for shared leadership is already under way with named roles and a timeline.",
                        "passing": True,
                    },
                ],
            },
        ],
    },
    {
        "slug": "facilitating-live-virtual-professional-learning",
        "title": "Facilitating Live Virtual Professional Learning",
        "focus_area": "virtual-community-leadership",
        "competency": {
            "name": "Live online facilitation",
            "statement": (
                "The educator plans and facilitates a synchronous online professional learning "
                "session for colleagues that is interactive, grounded in real classroom practice, "
                "accessible, and ends with commitments that are followed up."
            ),
        },
        "key_method": (
            "A live online session for educators is only as good as what participants do during "
            "it and afterwards. The educator designs the session backward from a clear outcome "
            "for participants' practice. Interaction is planned every few minutes, through chat "
            "prompts, polls, annotation, shared documents and breakout rooms with a specific task, "
            "time limit and roles. Participants examine real artifacts of practice such as "
            "student work or a short classroom clip. The session is accessible (captions, "
            "materials shared in advance, clear visual design), a co-host handles technical issues, "
            "and the session closes with each participant committing to try something specific. "
            "The educator follows up afterwards to support and learn from those attempts."
        ),
        "method_components": [
            "Define a clear outcome for participants' practice and plan the session backward from it.",
            "Plan an interaction at least every ten minutes using varied online tools.",
            "Give breakout rooms a specific task, time limit, roles and a product to share.",
            "Ground the session in real artifacts of practice such as student work or classroom video.",
            "Make the session accessible with captions, advance materials and a co-host for technical support.",
            "Close with individual commitments and follow up on them after the session.",
        ],
        "research": (
            "Darling-Hammond, Hyler and Gardner's 2017 Learning Policy Institute review found that "
            "effective professional development is content-focused, involves active learning and "
            "collaboration, uses models of effective practice, provides coaching and feedback, "
            "offers time for reflection, and is sustained over time. A single session cannot do all "
            "of this, which is why the method includes artifacts of practice, active tasks and "
            "follow-up.\n\n"
            "Garrison, Anderson and Archer's Community of Inquiry framework (2000) describes online "
            "learning in terms of social presence, cognitive presence and teaching presence; "
            "deliberate facilitation (teaching presence) is needed for online participants to move "
            "beyond exchanging information to constructing shared understanding."
        ),
        "resources": [
            {"title": "Learning Policy Institute", "url": "https://learningpolicyinstitute.org/"},
            {"title": "Learning Forward", "url": "https://learningforward.org/"},
        ],
        "grade_bands": ["K-2", "3-5", "6-8", "9-12"],
        "subjects": ["All subjects"],
        "pd_hours": 20,
        "ceus": Decimal("2.0"),
        "validity_years": 5,
        "requirements": [
            {
                "key": "context",
                "part": 1,
                "title": "Session context",
                "prompt": (
                    "Who were the participants (roles, number, schools) and why did they attend? "
                    "What outcome for their practice did you design the session toward? Which "
                    "platform and tools did you use?"
                ),
                "kind": "text",
                "word_limit": 300,
                "required": True,
            },
            {
                "key": "session-plan",
                "part": 2,
                "title": "Session plan and materials",
                "prompt": (
                    "Upload the facilitation plan with timings, every planned interaction, breakout "
                    "tasks and roles, accessibility measures, and the slides or shared documents "
                    "used."
                ),
                "kind": "artifact",
                "accepted_types": ["document"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "session-recording",
                "part": 2,
                "title": "Session recording",
                "prompt": (
                    "Upload an unedited recording of 30 to 60 minutes of the session, including at "
                    "least one interactive segment and the closing. Inform participants before "
                    "recording and obtain their agreement; participants may turn off cameras or use "
                    "display initials. Any student work or classroom video shown must already be "
                    "de-identified or consented."
                ),
                "kind": "artifact",
                "accepted_types": ["video"],
                "max_size_mb": 5120,
                "required": True,
            },
            {
                "key": "participant-feedback",
                "part": 2,
                "title": "Participant feedback",
                "prompt": (
                    "Upload a summary of the anonymous exit survey, including how many participants "
                    "responded, ratings of usefulness, and representative comments."
                ),
                "kind": "artifact",
                "accepted_types": ["document"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "follow-up",
                "part": 2,
                "title": "Follow-up and evidence of application",
                "prompt": (
                    "Upload your follow-up communication and evidence of how participants applied "
                    "their commitments (for example shared artifacts, survey responses or notes from "
                    "a follow-up session), with participant names removed unless they agreed."
                ),
                "kind": "artifact",
                "accepted_types": ["document", "image"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "reflection",
                "part": 3,
                "title": "Reflection",
                "prompt": (
                    "Using the recording and feedback, identify the segment where participants were "
                    "most and least engaged, and explain why. What evidence shows participants "
                    "applied the learning? What will you change in design or facilitation?"
                ),
                "kind": "text",
                "word_limit": 500,
                "required": True,
            },
        ],
        "rubric": [
            {
                "title": "Session design",
                "description": "The plan is outcome-driven, interactive and accessible.",
                "requirements": ["context", "session-plan"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "The plan is a slide deck with long presentation segments and no planned interaction.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "Interactions are planned, but they are infrequent or unconnected to the outcome, or accessibility is not addressed.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "The plan states a practice outcome, schedules an interaction at least every ten minutes, gives breakouts clear tasks and roles, and includes accessibility measures.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and the plan includes alternatives for participants with limited bandwidth or who cannot speak aloud.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Interaction and engagement",
                "description": "Participants are active throughout the recorded session.",
                "requirements": ["session-recording"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "The facilitator talks for long stretches; chat and participation are minimal.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "Interactions occur, but the facilitator does not respond to or build on participant contributions.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "Participants contribute regularly through varied channels, and the facilitator names, connects and builds on their contributions.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and breakout products are shared and used to shape the rest of the session.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Grounding in practice and application",
                "description": "Participants work with real practice and apply the learning afterwards.",
                "requirements": ["session-recording", "follow-up"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "The session stays at the level of general ideas, and there is no closing commitment or follow-up.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "Examples of practice are shown, but participants do not analyse them, or follow-up is a single reminder email.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "Participants analyse real artifacts of practice, make specific commitments, and follow-up evidence shows several applying them.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and participants' application evidence is shared back with the group for further learning.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Using feedback and reflection",
                "description": "The educator uses feedback and the recording to improve.",
                "requirements": ["participant-feedback", "reflection"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "Feedback is missing or is summarised only as an overall rating, and the reflection is not linked to it.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "Feedback is summarised with response rate and comments, and the reflection links engagement patterns in the recording to specific design or facilitation changes.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and the reflection compares feedback with a previous session to show how facilitation has developed.",
                        "passing": True,
                    },
                ],
            },
        ],
    },
    {
        "slug": "cultivating-asynchronous-discussion",
        "title": "Cultivating Asynchronous Educator Discussion",
        "focus_area": "virtual-community-leadership",
        "competency": {
            "name": "Asynchronous facilitation",
            "statement": (
                "The educator moderates an online asynchronous discussion among educators, using "
                "prompts and facilitation moves that deepen thinking, connect contributors, keep "
                "the space respectful and inclusive, and synthesise what the group has learned."
            ),
        },
        "key_method": (
            "Asynchronous discussion boards easily become lists of isolated posts. The educator "
            "designs prompts that ask members to share and analyse concrete examples from their "
            "practice rather than offer general opinions, and then facilitates actively: weaving "
            "related posts together, connecting members with similar challenges, asking probing "
            "questions, highlighting contributions that model the norms, and making sure newer or "
            "quieter members receive replies. Posts that break norms are addressed promptly and, "
            "where possible, privately first. At regular intervals the educator posts a synthesis "
            "that captures key ideas, disagreements and open questions, so the discussion builds "
            "cumulative knowledge."
        ),
        "method_components": [
            "Write prompts that ask members to share and analyse specific examples from their practice.",
            "Weave related posts together and connect members facing similar challenges.",
            "Ask probing questions that push contributors to explain reasoning or evidence.",
            "Ensure newer and quieter members receive timely replies.",
            "Address posts that break norms promptly and respectfully, privately first where possible.",
            "Post periodic syntheses of key ideas, disagreements and open questions.",
        ],
        "research": (
            "In Garrison, Anderson and Archer's Community of Inquiry framework (2000), teaching "
            "presence includes facilitating discourse: identifying areas of agreement and "
            "disagreement, drawing in participants, and encouraging contributions. Their work "
            "suggests that without it, online discussion tends to stay at the level of sharing "
            "information rather than integrating ideas and resolving problems.\n\n"
            "Salmon's 'E-Moderating' (2000) describes practical moderation skills such as "
            "weaving (drawing together threads) and summarising, and how they help groups move "
            "toward knowledge construction. Wenger's work on communities of practice emphasises "
            "that such communities learn by building a shared repertoire over time, which "
            "periodic syntheses help make visible."
        ),
        "resources": [
            {"title": "Learning Forward", "url": "https://learningforward.org/"},
        ],
        "grade_bands": ["K-2", "3-5", "6-8", "9-12"],
        "subjects": ["All subjects"],
        "pd_hours": 15,
        "ceus": Decimal("1.5"),
        "validity_years": None,
        "requirements": [
            {
                "key": "context",
                "part": 1,
                "title": "Context",
                "prompt": (
                    "Describe the online space, its members, and the purpose of the discussion. "
                    "How long did you facilitate it, and what had discussion there looked like "
                    "before?"
                ),
                "kind": "text",
                "word_limit": 300,
                "required": True,
            },
            {
                "key": "discussion-prompts",
                "part": 2,
                "title": "Discussion prompts",
                "prompt": (
                    "Upload three discussion prompts you posted, each with a short rationale "
                    "explaining what kind of contribution it was designed to draw out."
                ),
                "kind": "artifact",
                "accepted_types": ["document"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "thread-excerpts",
                "part": 2,
                "title": "Thread excerpts",
                "prompt": (
                    "Upload screenshots or exports of threads that show your facilitation moves in "
                    "context. Blur or remove members' names and photos unless they have agreed to be "
                    "shown, and ensure no student information appears."
                ),
                "kind": "artifact",
                "accepted_types": ["image", "document"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "facilitation-log",
                "part": 2,
                "title": "Annotated facilitation moves",
                "prompt": (
                    "Identify six facilitation moves in the excerpts (for example weaving, "
                    "connecting, probing, bringing in a quiet member, addressing a norm). For each, "
                    "name the move, say why you made it, and describe what happened next."
                ),
                "kind": "text",
                "word_limit": 600,
                "required": True,
            },
            {
                "key": "synthesis-post",
                "part": 2,
                "title": "Synthesis post",
                "prompt": (
                    "Upload a synthesis post you wrote that captures key ideas, disagreements and "
                    "open questions from a discussion, along with any replies it prompted."
                ),
                "kind": "artifact",
                "accepted_types": ["document", "image"],
                "max_size_mb": 25,
                "required": True,
            },
            {
                "key": "reflection",
                "part": 3,
                "title": "Reflection",
                "prompt": (
                    "How did the depth of discussion change over the period you facilitated? Which "
                    "move had the most effect, and how do you know? Describe a difficult moment "
                    "(for example a norm breach or a stalled thread) and what you learned from it."
                ),
                "kind": "text",
                "word_limit": 500,
                "required": True,
            },
        ],
        "rubric": [
            {
                "title": "Prompt design",
                "description": "Prompts elicit concrete, analysable examples of practice.",
                "requirements": ["context", "discussion-prompts"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "Prompts ask for general opinions or yes/no answers ('What do you think about homework?').",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "Prompts ask for examples but not analysis, producing lists of tips.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "Each prompt asks members to share a specific example from practice and analyse it, with a rationale linked to the community's purpose.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and prompts build on one another so that later discussions use earlier contributions.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Facilitation moves",
                "description": "The educator's moves deepen and widen the discussion.",
                "requirements": ["thread-excerpts", "facilitation-log"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "The educator's replies are mostly brief affirmations ('Great idea!'), or member names are exposed without consent.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "Some probing or connecting moves appear, but several member posts, including from newer members, received no reply.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "Six annotated moves of at least three types are evident, each with a clear purpose, and the excerpts show members responding to them.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and members begin using similar moves with each other, such as connecting or probing.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Synthesis",
                "description": "The educator makes the group's learning visible and cumulative.",
                "requirements": ["synthesis-post"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "No synthesis is provided, or it simply lists posts.",
                        "passing": False,
                    },
                    {
                        "name": "Developing",
                        "description": "The synthesis summarises key ideas but omits disagreements or open questions.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "The synthesis captures key ideas, credits contributors, names disagreements and open questions, and prompts further discussion.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and replies show members using the synthesis to move the discussion forward.",
                        "passing": True,
                    },
                ],
            },
            {
                "title": "Reflection",
                "description": "The educator evaluates the effect of their facilitation.",
                "requirements": ["reflection"],
                "levels": [
                    {
                        "name": "Not yet evident",
                        "description": "The reflection does not describe change in the discussion or a difficult moment.",
                        "passing": False,
                    },
                    {
                        "name": "Proficient",
                        "description": "The reflection describes change in depth with examples, identifies the most effective move with evidence, and analyses a difficult moment.",
                        "passing": True,
                    },
                    {
                        "name": "Exemplary",
                        "description": "Meets Proficient, and sets out how facilitation will be shared with members in future.",
                        "passing": True,
                    },
                ],
            },
        ],
    },
]

# ---------------------------------------------------------------------------
# Stacks
# ---------------------------------------------------------------------------

STACKS: list[Stack] = [
    {
        "slug": "formative-assessment-leader",
        "title": "Formative Assessment Leader",
        "description": (
            "Moves from gathering evidence of understanding during lessons, through designing "
            "criteria students can use, to feedback that students act on. Suited to teachers "
            "who want to make formative assessment a daily habit and support colleagues to do "
            "the same."
        ),
        "micro_credentials": [
            "questioning-and-wait-time",
            "hinge-questions-and-all-student-response",
            "exit-tickets-that-drive-instruction",
            "co-constructed-success-criteria",
            "wise-feedback-for-effort-and-trust",
        ],
    },
    {
        "slug": "data-informed-instruction",
        "title": "Data-Informed Instruction",
        "description": (
            "Builds data literacy from designing diagnostic items and analysing student errors "
            "to leading team inquiry and helping students own their data."
        ),
        "micro_credentials": [
            "diagnostic-multiple-choice-items",
            "item-level-error-analysis",
            "collaborative-data-inquiry",
            "student-data-tracking-and-goal-setting",
        ],
    },
    {
        "slug": "self-directed-learners",
        "title": "Developing Self-Directed Learners",
        "description": (
            "Combines executive-function support with motivation: reducing memory load, "
            "teaching self-monitoring and planning, and offering meaningful choice so that "
            "students take increasing charge of their own learning."
        ),
        "micro_credentials": [
            "working-memory-supports",
            "self-monitoring-routines",
            "planning-long-term-assignments",
            "meaningful-student-choice",
        ],
    },
    {
        "slug": "deeper-learning-designer",
        "title": "Deeper Learning Designer",
        "description": (
            "Develops the practices that lead to deep understanding and transfer: making "
            "thinking visible, student-led discussion, and authentic projects, with assessment "
            "aligned to the thinking students are asked to do."
        ),
        "micro_credentials": [
            "thinking-routines-for-visible-thinking",
            "student-led-academic-discussion",
            "project-based-learning-authentic-audience",
            "unit-assessment-blueprint",
        ],
    },
    {
        "slug": "stem-reasoning-and-discourse",
        "title": "STEM Reasoning and Discourse",
        "description": (
            "Centres STEM classrooms on students' reasoning: orchestrating mathematics "
            "discussions, revising scientific models with evidence, and debugging as "
            "computational thinking."
        ),
        "micro_credentials": [
            "orchestrating-mathematics-discussions",
            "scientific-modeling-and-revision",
            "teaching-debugging-in-computer-science",
        ],
    },
    {
        "slug": "family-partnership-champion",
        "title": "Family Partnership Champion",
        "description": (
            "Builds learning-focused partnerships with families, starting with two-way "
            "communication and growing into shared home learning and student-led conferences."
        ),
        "micro_credentials": [
            "two-way-family-communication",
            "family-learning-partnerships-at-home",
            "student-led-family-conferences",
        ],
    },
    {
        "slug": "virtual-community-leader",
        "title": "Virtual Community Leader",
        "description": (
            "Prepares educators to lead online professional learning: designing a community of "
            "practice, cultivating asynchronous discussion, and facilitating live sessions that "
            "lead to changes in practice."
        ),
        "micro_credentials": [
            "launching-an-online-community-of-practice",
            "cultivating-asynchronous-discussion",
            "facilitating-live-virtual-professional-learning",
        ],
    },
]
