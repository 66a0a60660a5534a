package io.smsgate.posting;

import io.smsgate.shared.domain.PhoneLink;
import java.util.Optional;

/**
 * What a POST decides on first, read together: the post this text would make (present: a redelivery)
 * and the sender's link. Both are always read, so the work done says nothing about either.
 */
interface PostingReads {
    record Facts(Optional<Post> post, Optional<PhoneLink> link) {
    }

    Facts read(String postId, String phoneKey);
}
