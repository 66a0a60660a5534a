package io.smsgate.shared.domain;

/** A text, understood. New commands are a new record here and a keyword in {@link CommandParser}. */
public sealed interface Command {
    CommandName name();

    /** Anything that is not a keyword: text to post. */
    record Post(String text) implements Command {
        @Override
        public CommandName name() {
            return CommandName.POST;
        }
    }

    /** Delete my most recent SMS post: answers a hijacked number from the real phone. */
    record Undo(String keyword) implements Command {
        @Override
        public CommandName name() {
            return CommandName.UNDO;
        }
    }

    record Help(String keyword) implements Command {
        @Override
        public CommandName name() {
            return CommandName.HELP;
        }
    }

    record OptOut(String keyword) implements Command {
        @Override
        public CommandName name() {
            return CommandName.OPT_OUT;
        }
    }

    record OptIn(String keyword) implements Command {
        @Override
        public CommandName name() {
            return CommandName.OPT_IN;
        }
    }
}
