"""Public respondents keep their language and may ask for their link again

A person who signed up to an open round in English (or nynorsk) is written to and shown the form in
that language, whatever the round's; one who lost the link signs up again and is sent a new one
(the old one stops working), at most once a while.

Revision ID: f4ce0e603574
Revises: 4339b297934f
Create Date: 2026-12-07 17:10:31.450104

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f4ce0e603574'
down_revision = '4339b297934f'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('consultees', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=2), nullable=True))

    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('link_resent_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.drop_column('link_resent_at')

    with op.batch_alter_table('consultees', schema=None) as batch_op:
        batch_op.drop_column('language')
