"""The "check your understanding" questions of every lesson, with their answers, keyed by an id.

A lesson shows a question by its id only, so the answer is not printed in the cell above the question:

    Quiz("05-zero-gradient")        # multiple choice, checked when the learner presses Check
    Reveal("05-minibatch")          # an open question, its answer behind a "Show answer" button

An id is the lesson number and a short name: "NN-name". Instructors find every answer in SOLUTIONS.md
(`python -m course_lib.exercises` writes it, `answers_markdown` gives this part).

To add a question: add an entry below (lesson order), show it with Quiz(id) / Reveal(id) in the lesson, and run
`python -m course_lib.exercises` so SOLUTIONS.md lists its answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from course_lib.i18n import tr
from course_lib.validation import CourseError


@dataclass(frozen=True)
class MultipleChoice:
    """A question with options; `answer` is the index of the right option, `explanation` says why."""

    question: str
    options: list = field(default_factory=list)
    answer: int = 0
    explanation: str = ""


@dataclass(frozen=True)
class OpenQuestion:
    """A question answered in words; `answer` (may hold simple HTML) stays hidden until asked for."""

    question: str
    answer: str = ""


QUESTIONS: dict[str, MultipleChoice | OpenQuestion] = {
    # --- lesson 00 ------------------------------------------------------------------------------------------
    "00-count-layers": MultipleChoice(
        question="A network has 4 inputs, two hidden layers of 8 units and 3 outputs. How many layers does it have, "
                 "counted the course's way?",
        options=["2", "3", "4", "5"],
        answer=1,
        explanation="Hidden, hidden, output: 3. The input layer holds the data and has no weights.",
    ),
    "00-weight-shape": MultipleChoice(
        question="Layer [2] has 8 units and receives the 16 outputs of layer [1]. What is the shape of W[2] in "
                 "course_lib?",
        options=["(m, 8)", "(16, 8)", "(8,)", "(8, 16)"],
        answer=3,
        explanation="One row per unit of the layer, one column per input: (n_2, n_1) = (8, 16).",
    ),
    "00-output-shape": MultipleChoice(
        question="X holds m = 100 examples with 5 features each (code layout). What is the shape of X @ W.T + b for "
                 "a layer of 3 units?",
        options=["(100, 5)", "(3, 100)", "(100, 3)", "(5, 3)"],
        answer=2,
        explanation="(100, 5) @ (5, 3) is (100, 3); b, shape (3,), is added to each of the 100 rows.",
    ),
    "00-notes-to-code": OpenQuestion(
        question="The notes write a layer as Z = W X + b with examples in columns. How do you get the code's Z from "
                 "the notes' Z?",
        answer="Transpose it: Z_code = Z_notesᵀ. The code's X is the notes' X transposed, and (W X + b)ᵀ = Xᵀ Wᵀ + "
               "bᵀ.",
    ),
    # --- lesson 01 ------------------------------------------------------------------------------------------
    "01-perceptron-output": MultipleChoice(
        question="A perceptron has w = (2, -1) and b = -0.5. What does it output for x = (1, 1)?",
        options=["0", "1", "0.5", "it depends on the learning rate"],
        answer=1,
        explanation="z = 2·1 - 1·1 - 0.5 = 0.5 > 0, so the step outputs 1.",
    ),
    "01-xor": MultipleChoice(
        question="Why can no single perceptron compute XOR?",
        options=[
            "its weights would have to be larger than 3",
            "the step function is not differentiable",
            "Minsky and Papert proved that no neural network can compute XOR",
            "no straight line puts (0,1) and (1,0) on one side and (0,0) and (1,1) on the other",
        ],
        answer=3,
        explanation="The four inequalities contradict each other. (And Minsky and Papert's result is about "
                    "single-layer perceptrons: two layers compute XOR.)",
    ),
    "01-step-size": MultipleChoice(
        question="Gradient descent on L(w) = (w - 3)² with learning rate 0.9, starting at w = -1. What happens?",
        options=[
            "it diverges",
            "it crawls towards 3 from the left",
            "it jumps from side to side of 3 and converges",
            "it reaches 3 in one step",
        ],
        answer=2,
        explanation="Each step multiplies the distance to 3 by 1 - 2·0.9 = -0.8: the sign flips, the size shrinks.",
    ),
    "01-loss-goes-up": OpenQuestion(
        question="Your loss goes up after every gradient-descent step, even with a tiny learning rate. What is the "
                 "most likely bug?",
        answer="The update adds the gradient (w + lr·grad) instead of subtracting it: it walks uphill. With a "
               "correct gradient and a small enough learning rate, the loss must go down.",
    ),
    # --- lesson 02 ------------------------------------------------------------------------------------------
    "02-linear-stack": MultipleChoice(
        question="A network has 10 hidden layers of 100 units each, all with the linear activation, and a sigmoid "
                 "output. What can its decision boundary on 2-D inputs be?",
        options=[
            "Any curve, given enough training",
            "A straight line",
            "A polygon with up to 10 sides",
            "A circle or an ellipse",
        ],
        answer=1,
        explanation="The linear layers multiply out to one matrix, so the model is σ(Wx + b): logistic regression, "
                    "whose boundary Wx + b = 0 is a line.",
    ),
    "02-universal-approximation": MultipleChoice(
        question="What does the universal approximation theorem guarantee?",
        options=[
            "Gradient descent finds a good one-hidden-layer network for any continuous function",
            "Some one-hidden-layer network with enough units is as close as you like to a continuous function on a "
            "bounded domain",
            "Deep networks always generalise better than shallow ones",
            "A network with 2 hidden units can approximate any function",
        ],
        answer=1,
        explanation="It is an existence result: the weights exist. It says nothing about finding them, about how "
                    "many units it takes, or about generalisation.",
    ),
    "02-collapsed-shape": MultipleChoice(
        question="Two linear layers have W1 of shape (5, 3) and W2 of shape (2, 5). What is the shape of the single "
                 "equivalent matrix W?",
        options=["(5, 5)", "(3, 2)", "(2, 3)", "(3, 5)"],
        answer=2,
        explanation="W = W2 @ W1 has shape (2, 5) @ (5, 3) = (2, 3): 3 inputs straight to 2 outputs.",
    ),
    "02-depth": OpenQuestion(
        question="A 1-2-2-2-1 ReLU network can draw a sawtooth with 8 pieces that a one-hidden-layer network needs "
                 "at least 7 units for. Why, then, do practical networks have far more units than such a minimal "
                 "construction?",
        answer="Because the deep, narrow network is hard to train: in our run, gradient descent from four random "
               "starts never found its weights (its few ReLU units died or stalled). Networks that train well in "
               "practice have spare units. Expressiveness per unit and ease of optimisation pull in different "
               "directions.",
    ),
    # --- lesson 03 ------------------------------------------------------------------------------------------
    "03-multilabel-output": MultipleChoice(
        question="A network must say which of 20 tags (beach, dog, sunset, ...) apply to a photo; a photo can have "
                 "several. Which output layer and loss?",
        options=[
            "20 units with softmax, categorical cross-entropy",
            "20 units with sigmoid, binary cross-entropy per unit",
            "1 unit with sigmoid, binary cross-entropy",
            "20 units, linear, mean squared error",
        ],
        answer=1,
        explanation="Multi-label: the tags do not compete, so each gets its own sigmoid and its own binary "
                    "cross-entropy. Softmax would force the 20 probabilities to sum to 1.",
    ),
    "03-sigmoid-slope": MultipleChoice(
        question="What is the largest value the derivative of the sigmoid can take?",
        options=["1", "0.5", "0.25", "It has no maximum"],
        answer=2,
        explanation="σ'(z) = σ(z)(1 − σ(z)) is largest at z = 0, where σ = 0.5: 0.5 × 0.5 = 0.25.",
    ),
    "03-softmax-shift": MultipleChoice(
        question="softmax([1000, 1001, 1002]) computed naively gives nan. What does softmax([0, 1, 2]) give?",
        options=[
            "Something different, because the scores are different",
            "The same probabilities as the correct softmax([1000, 1001, 1002])",
            "[0, 1, 2] / 3",
            "nan as well",
        ],
        answer=1,
        explanation="Adding the same number to every score cancels in the ratio; that is why subtracting the maximum"
                    " fixes the overflow without changing the result.",
    ),
    "03-relu-history": OpenQuestion(
        question="A colleague says: 'ReLU was invented in 2012, that is why deep learning took off then.' What would"
                 " you correct?",
        answer="The function max(0, z) is old and appeared in neural-network models decades earlier. What changed "
               "around 2010–2012 is that it became the standard hidden activation of deep networks (Nair & Hinton "
               "2010, Glorot et al. 2011, AlexNet 2012), because it does not saturate for z > 0 and is cheap — "
               "together with GPUs, more data and better initialisation.",
    ),
    # --- lesson 04 ------------------------------------------------------------------------------------------
    "04-paths-add": MultipleChoice(
        question="In a computational graph, a value x is used by two later nodes. After backward(), x.grad is ...",
        options=[
            "the gradient from the path that was computed last",
            "the sum of the gradients arriving along both paths",
            "the product of the gradients along both paths",
            "the average of the two, to keep it from growing",
        ],
        answer=1,
        explanation="Where paths merge, gradients add (the multivariable chain rule). That is why backward() uses +=.",
    ),
    "04-dw-shape": MultipleChoice(
        question="W1 has shape (4, 2) and the batch X has shape (100, 2). What is the shape of dW1?",
        options=["(100, 4)", "(2, 4)", "(4, 2)", "(100, 2)"],
        answer=2,
        explanation="A gradient always has the shape of what it is the gradient of: dW1 = dZ1ᵀ X is (4, 100) @ (100,"
                    " 2).",
    ),
    "04-gradcheck-error": MultipleChoice(
        question="Your float64 gradient check with h = 1e-5 reports a relative error of 0.3 for every weight. Most "
                 "likely ...",
        options=[
            "float64 is not precise enough; switch to float32",
            "the backward pass has a bug",
            "h is too small",
            "this is normal for networks with more than one layer",
        ],
        answer=1,
        explanation="In float64 with h = 1e-5 a correct backward pass gives about 1e-7 or less. An error of 0.3 "
                    "everywhere is a bug, not rounding (unless many inputs sit exactly on ReLU kinks).",
    ),
    "04-double-mean": OpenQuestion(
        question="The mean loss brings a 1/m. What goes wrong if you divide by m in dZ2 (as course_lib does) and "
                 "then again in dW and db (as the notes' formulas do)?",
        answer="Every weight and bias gradient becomes m times too small. With plain gradient descent that is the "
               "same as a learning rate m times smaller (with m = 1000, a thousand times): training crawls. Nothing "
               "crashes and every shape is right, so only a gradient check (or a suspiciously slow loss curve) "
               "reveals it. In course_lib the 1/m lives in the loss's backward() only, and the layers never divide "
               "by m. (Adam, lesson 05, rescales gradients and would partly hide this bug: another reason to check "
               "gradients directly.)",
    ),
    "04-hidden-size": OpenQuestion(
        question="Why does the hidden-size sweep get better on the training points but not on the test points as the"
                 " layer grows?",
        answer="More units let the boundary bend more. A few units are enough for the flower's main shape; beyond "
               "that, the extra freedom is spent on wrapping the boundary around single noisy training points, which"
               " does not help on new points (over-fitting). Too few units cannot draw the shape at all "
               "(under-fitting).",
    ),
    # --- lesson 05 ------------------------------------------------------------------------------------------
    "05-zero-gradient": MultipleChoice(
        question="Plain SGD has come to rest at a point where the gradient is zero. What can you conclude?",
        options=[
            "It is at a minimum, a maximum or a saddle point, but not necessarily the lowest one.",
            "It has found the global minimum.",
            "The learning rate was too large.",
        ],
        answer=0,
        explanation="A zero gradient only says the ground is flat here; the two-minima surface has two such minima "
                    "(and a hump between them).",
    ),
    "05-adagrad-rate": MultipleChoice(
        question="Adagrad trains for a long time on noisy mini-batch gradients. What happens to its effective "
                 "learning rate?",
        options=[
            "It stays constant.",
            "It grows, because the gradients get smaller.",
            "It keeps shrinking towards zero, roughly like 1/sqrt(t).",
        ],
        answer=2,
        explanation="G adds up every squared gradient, so it only grows; RMSprop's moving average fixes this.",
    ),
    "05-adam-first-step": MultipleChoice(
        question="In Adam's first step (t = 1), with g = 0.5, what is the bias-corrected m̂?",
        options=["0.5", "0.05", "0.45"],
        answer=0,
        explanation="m = (1 − 0.9)·0.5 = 0.05, and dividing by 1 − 0.9¹ = 0.1 gives exactly 0.5.",
    ),
    "05-minibatch": OpenQuestion(
        question="Why is a mini-batch of 32 usually a better deal than the full batch of 50 000 examples?",
        answer="Its gradient is noisy but unbiased, and it costs 32 examples instead of 50 000, so you get over 1 "
               "500 steps for the price of one. The noise is even helpful at times (it can shake the parameters out "
               "of small dips). The full gradient is only worth it when the data set is small.",
    ),
    # --- lesson 06 ------------------------------------------------------------------------------------------
    "06-sigmoid-chain": MultipleChoice(
        question="A chain of 8 one-unit sigmoid layers has weights that are all at most 1 in size. What is the "
                 "largest factor by which the gradient of the last unit's output can reach the chain's input?",
        options=[
            "0.25 × 8 = 2",
            "0.25⁸ ≈ 1.5 × 10⁻⁵",
            "1, because sigmoid keeps values between 0 and 1",
            "0.5⁸ ≈ 0.004",
        ],
        answer=1,
        explanation="Backpropagation multiplies one factor |w|·σ'(z) ≤ 0.25 per layer, so 8 layers give at most "
                    "0.25⁸.",
    ),
    "06-clipping": MultipleChoice(
        question="The gradients of a network are [3, 4] for one array and [12] for another. You clip with max_norm ="
                 " 6.5. What comes out?",
        options=[
            "[3, 4] and [6.5]",
            "[1.5, 2] and [6]",
            "[3, 4] and [12], unchanged",
            "each array scaled to norm 6.5",
        ],
        answer=1,
        explanation="The global norm is √(9 + 16 + 144) = 13 > 6.5, so every array is multiplied by 6.5 / 13 = 0.5.",
    ),
    "06-true-statement": MultipleChoice(
        question="Which statement is true?",
        options=[
            "Sigmoid networks cannot have exploding gradients, because σ' ≤ 0.25.",
            "A per-layer factor |w|·σ'(z) above 1 makes gradients grow towards the input, even with sigmoid.",
            "ReLU networks cannot have exploding gradients, because ReLU's slope is at most 1.",
            "Gradient clipping makes small gradients larger so that early layers learn.",
        ],
        answer=1,
        explanation="The slope is bounded, the weights are not: with w = 8 and z = 0 each sigmoid layer doubles the "
                    "gradient.",
    ),
    "06-dead-units": OpenQuestion(
        question="Your ReLU network's accuracy stopped improving and dead_units() reports [0, 9, 14]. Name two "
                 "changes you would try, and why.",
        answer="Switch to Leaky ReLU: its slope 0.01 for z < 0 lets dead units receive a gradient and recover. Lower"
               " the learning rate (or clip gradients): large steps are what pushed the units to z < 0 for every "
               "example. He initialisation keeps the starting pre-activations at a healthy size.",
    ),
    # --- lesson 07 ------------------------------------------------------------------------------------------
    "07-he-std": MultipleChoice(
        question="A hidden layer has 64 inputs and 32 units and uses ReLU. Which standard deviation does He "
                 "initialisation use for its weights?",
        options=["2 / 64 ≈ 0.031", "√(2 / 64) ≈ 0.177", "√(2 / 32) = 0.25", "√(2 / (64 + 32)) ≈ 0.144"],
        answer=1,
        explanation="He's variance is 2 / fan_in = 2 / 64; the standard deviation is its square root.",
    ),
    "07-symmetry": MultipleChoice(
        question="You initialise every weight of a network to the same value 0.3 and train for a long time. What "
                 "happens to the units of a hidden layer?",
        options=[
            "They become different after a few steps, because the data are random.",
            "They stay identical: same inputs, same weights, same gradients, same updates.",
            "They all die, because 0.3 is too small.",
            "Only the biases stay equal; the weights become different.",
        ],
        answer=1,
        explanation="Equal starting weights give equal gradients, so the symmetry is never broken.",
    ),
    "07-saturated-tanh": MultipleChoice(
        question="A 10-layer tanh network's histograms show almost all outputs at -1 or +1. What is the most likely "
                 "cause?",
        options=[
            "The weights are too small.",
            "The weights are too large: the units are saturated.",
            "The learning rate is too small.",
            "The biases are zero.",
        ],
        answer=1,
        explanation="Large weights make |z| large, and tanh(z) is then close to ±1 with a slope close to 0.",
    ),
    "07-he-variance": OpenQuestion(
        question="Why does He initialisation use twice the variance of the 1/fan_in rule, and why is that right for "
                 "ReLU but not for tanh?",
        answer="ReLU sets the negative half of its (symmetric) input to 0, so E[a²] is half of Var(z); doubling the "
               "weights' variance gives that half back and Var(z) stays constant from layer to layer. tanh keeps "
               "both halves and acts like the identity near 0, so it needs no factor 2 (Xavier's 2 / (fan_in + "
               "fan_out) averages the forward and backward requirements 1 / fan_in and 1 / fan_out).",
    ),
    # --- lesson 08 ------------------------------------------------------------------------------------------
    "08-gap": MultipleChoice(
        question="A network reaches 100 % training accuracy and 72 % test accuracy. Which change is LEAST likely to "
                 "narrow the gap?",
        options=[
            "Collect more training data",
            "Add dropout after the hidden layers",
            "Add more hidden units",
            "Stop training at the epoch with the lowest validation loss",
        ],
        answer=2,
        explanation="More units add capacity, which makes memorising easier; the other three restrain it.",
    ),
    "08-dropout-output": MultipleChoice(
        question="A Dropout layer has rate = 0.2. During training, a unit whose input is 3.0 outputs ...",
        options=[
            "0 with probability 0.8, else 3.0",
            "0 with probability 0.2, else 3.75",
            "0 with probability 0.2, else 2.4",
            "always 2.4",
        ],
        answer=1,
        explanation="rate is the probability of dropping; survivors are divided by 1 − 0.2 = 0.8: 3.0 / 0.8 = 3.75.",
    ),
    "08-l1-vs-l2": MultipleChoice(
        question="After training with a proximal L1 penalty, most weights are exactly 0. With an L2 penalty of "
                 "similar strength ...",
        options=[
            "they are exactly 0 as well",
            "all weights are smaller but almost none is exactly 0",
            "the weights grow, to compensate",
            "only the biases shrink",
        ],
        answer=1,
        explanation="L2's pull λW weakens as W shrinks, so weights approach 0 without reaching it; L1's pull "
                    "λ·sign(W) does not weaken, and the proximal step stops weights exactly at 0.",
    ),
    "08-test-set-tuning": OpenQuestion(
        question="Why would choosing the dropout rate by looking at the TEST accuracy be a mistake?",
        answer="Because the test set would then have helped choose the model, and its score would be optimistic: the"
               " rate that happens to suit those 300 test points best. Choose settings on the validation set; use "
               "the test set once, at the end.",
    ),
    "08-flip-augment": OpenQuestion(
        question="Someone augments the moons data set with left-right flips and keeps the labels. What goes wrong?",
        answer="The moons are not symmetric under a left-right flip: the mirror image of the upper moon is not a "
               "moon of either class, so the network is trained on points with the wrong shape and labels that no "
               "real data follows. Only the flip of BOTH axes (a half turn) maps one moon onto the other, and then "
               "the label must swap. Augment only with changes that keep the answer (or change it by a known rule).",
    ),
    # --- lesson 09 ------------------------------------------------------------------------------------------
    "09-standardise": MultipleChoice(
        question="Why are the standardisation mean and standard deviation computed on the training set only?",
        options=[
            "Because the training set is the largest",
            "It makes no difference which set is used",
            "Because the test set has no standard deviation",
            "So that nothing about the validation and test flowers leaks into the model",
        ],
        answer=3,
        explanation="Validation and test data stand for future data, whose statistics are unknown when you train; "
                    "using them makes the scores optimistic (data leakage).",
    ),
    "09-dense-params": MultipleChoice(
        question="How many parameters does Dense(16, activation='relu') have when its input has 10 features?",
        options=["160", "26", "176", "170"],
        answer=2,
        explanation="10 · 16 weights + 16 biases = 176.",
    ),
    "09-confusion-row": MultipleChoice(
        question="In a confusion matrix (rows: true class, columns: predicted class), what does the sum of row i "
                 "count?",
        options=[
            "The examples whose true class is i",
            "The examples predicted as class i",
            "The mistakes on class i",
            "The correct predictions",
        ],
        answer=0,
        explanation="Every example of true class i lands somewhere in row i; the diagonal cell holds the correct "
                    "ones.",
    ),
    "09-early-stopping": MultipleChoice(
        question="EarlyStopping(patience=20, restore_best_weights=True) stops a run at epoch 126. The validation "
                 "loss was lowest at epoch 106. Which weights does the model hold after fit returns?",
        options=["Those of epoch 126", "An average of epochs 106 to 126", "Those of epoch 1", "Those of epoch 106"],
        answer=3,
        explanation="It stops 20 epochs after the last improvement and then puts back the weights saved at the best "
                    "epoch, 106. Without restore_best_weights (Keras's default) you would keep epoch 126.",
    ),
    "09-pytorch-linear": MultipleChoice(
        question="A PyTorch layer nn.Linear(4, 8) has a weight tensor of shape ...",
        options=["(4, 8), like a Keras kernel", "(8, 4), like course_lib's W", "(8,)", "(4,)"],
        answer=1,
        explanation="PyTorch stores (out_features, in_features), the layout of the notes and of course_lib; Keras "
                    "stores the transpose.",
    ),
    "09-test-difference": OpenQuestion(
        question="Model A scores 95.6 % on the 45 test flowers, model B 97.8 %. Is B the better model?",
        answer="Not on this evidence. The difference is one flower (2.2 points), and section 6 showed the same "
               "recipe moving by that much from one split to another. Compare models on the validation set, over "
               "several seeds or splits (or with cross-validation), and use the test set once, for the model you "
               "finally chose.",
    ),
    # --- the playground notebook's ideas to try ---------------------------------------------------------------
    "pg-idea-1": OpenQuestion(
        question="Idea 1: xor without a hidden layer, then with 4 units. What happened?",
        answer=(
            "Without a hidden layer the boundary is one straight line, and no line separates xor: the accuracy "
            "stays near chance. One hidden layer of 4 tanh units bends the boundary around the four quadrants and "
            "gets above 90 %."),
    ),
    "pg-idea-2": OpenQuestion(
        question="Idea 2: spiral with tanh, 3 × 16. What happened?",
        answer=(
            "Slow: after a few hundred steps the boundary is still far from following the arms, and even 1 000 "
            "steps leave it well short. Switching to relu while it trains makes clearly faster progress (lesson "
            "03)."),
    ),
    "pg-idea-3": OpenQuestion(
        question="Idea 3: learning rate 10 with sgd, then 0.3. What happened?",
        answer=(
            "The loss jumps far above its start and the accuracy drops to chance. Lowering the rate to 0.3 does "
            "not bring it back in a few hundred steps: the huge steps have saturated the tanh units, whose slope "
            "is now almost 0, so almost no gradient reaches the weights (lesson 06). Press Reset to start again."),
    ),
    "pg-idea-4": OpenQuestion(
        question="Idea 4: 8 sigmoid hidden layers, gradients panel. What happened?",
        answer=(
            "The first hidden layer: its gradient is the smallest, orders of magnitude below the output layer's, "
            "because every sigmoid layer on the way back multiplies it by at most 0.25 times a weight (lesson "
            "06)."),
    ),
    "pg-idea-5": OpenQuestion(
        question="Idea 5: circles with x1² and x2² only, no hidden layer. What happened?",
        answer=(
            "It works: a circle x1² + x2² = r² is a straight line in the features x1² and x2², so a network "
            "without a hidden layer (a straight boundary in its inputs) can draw it."),
    ),
    "pg-idea-6": OpenQuestion(
        question="Idea 6: moons, 40 points, noise 0.3, 2 × 32 relu. What happened?",
        answer=(
            "The training loss goes to about 0 while the dashed test loss climbs: overfitting (lesson 08). In our "
            "run L2 (rate 0.01), fewer units and more points each brought the test loss well down; dropout 0.3 "
            "raised the test accuracy a little but left the test loss high after 300 steps."),
    ),
    "pg-idea-7": OpenQuestion(
        question="Idea 7: zeros, with tanh and with sigmoid. What happened?",
        answer=(
            "With tanh (and relu) every hidden unit outputs 0, so the output weights get no gradient, and with "
            "output weights of 0 no gradient reaches the hidden layers: only the output bias moves, and the loss "
            "stays at ln 2. With sigmoid the hidden units output 0.5, so the weights do move and the loss falls, "
            "but every unit of a layer gets the same update and stays a copy of its neighbours: the network "
            "learns as if each layer had one unit. Random initial weights break that symmetry (lesson 07)."),
    ),
}

ID_PATTERN = re.compile(r"^(\d\d|pg)-[a-z0-9]+(-[a-z0-9]+)*$")  # NN: a lesson; pg: the playground notebook


def get_question(question_id: str, kind: type | None = None):
    """The question stored under `question_id` (e.g. "05-zero-gradient"), optionally checked to be of `kind`.

    In Korean (course_lib.set_language("ko")) its Korean version from course_lib/questions_ko.py.
    """
    if question_id not in QUESTIONS:
        lesson = [q for q in QUESTIONS if q[:2] == str(question_id)[:2]]
        hint = (tr(" Questions of lesson {lesson}: {questions}.", lesson=question_id[:2], questions=", ".join(lesson))
                if lesson else "")
        raise CourseError(tr(
            "No question with id {question_id!r} in course_lib.questions.{hint}",
            question_id=question_id, hint=hint))
    question = QUESTIONS[question_id]
    if kind is not None and not isinstance(question, kind):
        other = "Reveal" if isinstance(question, OpenQuestion) else "Quiz"
        if other == "Reveal":
            raise CourseError(tr("{question_id!r} is an open question: show it with Reveal({question_id!r}).",
                                 question_id=question_id))
        raise CourseError(tr("{question_id!r} is a multiple-choice question: show it with Quiz({question_id!r}).",
                             question_id=question_id))
    return localized(question_id)


def localized(question_id: str):
    """The question in the current language (English when it has no Korean version yet)."""
    from course_lib.i18n import get_language

    if get_language() == "ko":
        from course_lib.questions_ko import QUESTIONS_KO

        return QUESTIONS_KO.get(question_id, QUESTIONS[question_id])
    return QUESTIONS[question_id]


def lesson_question_ids(lesson: str) -> list[str]:
    """The ids of one lesson's questions ("00" ... "09", or "pg" for the playground), in the order the lesson asks
    them."""
    return [q for q in QUESTIONS if q.startswith(f"{lesson}-")]


def answers_markdown(lesson: str, heading: str | None = None) -> str:
    """The answers of one lesson's questions as Markdown (a section of SOLUTIONS.md); "" if it has none.

    In the current language (SOLUTIONS.ko.md in Korean); `heading` replaces "Check your understanding".
    """
    from course_lib.i18n import tr

    ids = lesson_question_ids(lesson)
    if not ids:
        return ""
    parts = [f"### {tr('Check your understanding') if heading is None else heading}", ""]
    for qid in ids:
        q = localized(qid)
        if isinstance(q, MultipleChoice):
            options = "; ".join(f"({chr(97 + i)}) {o}" for i, o in enumerate(q.options))
            parts += [f"- `{qid}`: {q.question}",
                      tr("  - options: {options}", options=options),
                      tr("  - **answer: ({letter}) {option}.** {explanation}", letter=chr(97 + q.answer),
                         option=q.options[q.answer], explanation=q.explanation).rstrip()]
        else:
            parts += [tr("- `{qid}` (open question): {question}", qid=qid, question=q.question),
                      tr("  - **answer:** {answer}", answer=q.answer)]
    parts.append("")
    return "\n".join(parts)
