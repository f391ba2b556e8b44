"""Comment units name the other focus areas they are also about, and how sure the placement is

An answer stays in the focus area its consultee wrote it under; the analysis records the other
focus areas the text clearly names, or the form's own focus area when it moved the unit; and the
calibrated confidence of the placement, so the review can take the least certain first.

Revision ID: d4a8c2e6f1b9
Revises: b5d2f7a1c3e8
Create Date: 2026-12-04 19:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd4a8c2e6f1b9'
down_revision = 'b5d2f7a1c3e8'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('also_about', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('confidence', sa.Double(), nullable=True))


def downgrade():
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.drop_column('confidence')
        batch_op.drop_column('also_about')
